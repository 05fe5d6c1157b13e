package subsim.bot.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import subsim.bot.metrics.ServiceMetrics.Kind;

class ServiceMetricsTest {

  @Test
  void exportsBotCountersRedditCallsGenerationAndJvmInPrometheusFormat() {
    ServiceMetrics metrics = ServiceMetrics.prometheus();
    metrics.generated("jokes", Kind.POST);
    metrics.generated("jokes", Kind.POST);
    metrics.rejected("jokes", Kind.POST, "near_copy");
    metrics.published("jokes", Kind.POST);
    metrics.failed("jokes", Kind.COMMENT);
    metrics.redditCall("POST", 429);
    metrics.generation("jokes", Duration.ofMillis(500), 50);
    metrics.training("jokes", 10, 3.25);

    String text = metrics.scrape().orElseThrow();
    assertTrue(text.contains("subsim_items_generated_total{bot=\"jokes\",kind=\"post\"} 2.0"), text);
    assertTrue(text.contains("subsim_items_rejected_total{bot=\"jokes\",kind=\"post\",reason=\"near_copy\"} 1.0"), text);
    assertTrue(text.contains("subsim_items_published_total{bot=\"jokes\",kind=\"post\"} 1.0"), text);
    assertTrue(text.contains("subsim_items_failed_total{bot=\"jokes\",kind=\"comment\"} 1.0"), text);
    assertTrue(text.contains("subsim_reddit_calls_total{method=\"POST\",status=\"429\"} 1.0"), text);
    assertTrue(text.contains("subsim_generation_tokens_per_second_sum{bot=\"jokes\"} 100.0"), text);
    assertTrue(text.contains("subsim_training_loss{bot=\"jokes\"} 3.25"), text);
    assertTrue(text.contains("jvm_memory_used_bytes"), text);
    assertEquals(2.0, metrics.count("subsim.items.generated", "bot", "jokes"));
  }

  @Test
  void inMemoryMetricsCountButExportNothing() {
    ServiceMetrics metrics = ServiceMetrics.inMemory();
    metrics.published("jokes", Kind.COMMENT);
    assertTrue(metrics.scrape().isEmpty());
    assertEquals(1.0, metrics.count("subsim.items.published", "bot", "jokes", "kind", "comment"));
  }
}
