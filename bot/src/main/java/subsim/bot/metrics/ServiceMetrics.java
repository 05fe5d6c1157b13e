package subsim.bot.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The service's meters (Micrometer): what the bots generate, reject, publish, and how Reddit and training fare. */
public final class ServiceMetrics {

  /** What a meter counts: a post or a comment. */
  public enum Kind { POST, COMMENT }

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final Map<String, AtomicLong> trainingLoss = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> trainingStep = new ConcurrentHashMap<>();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  private ServiceMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
    this.registry = registry;
    this.prometheus = prometheus;
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Meters exported in Prometheus format. */
  public static ServiceMetrics prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new ServiceMetrics(registry, registry);
  }

  /** Meters kept in memory only (metrics switched off in the configuration): counts still feed the status page. */
  public static ServiceMetrics inMemory() {
    return new ServiceMetrics(new SimpleMeterRegistry(), null);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition, when enabled. */
  public Optional<String> scrape() {
    return Optional.ofNullable(prometheus).map(PrometheusMeterRegistry::scrape);
  }

  public void generated(String bot, Kind kind) {
    counter("subsim.items.generated", "items the bot's model generated", bot, kind).increment();
  }

  public void rejected(String bot, Kind kind, String reason) {
    Counter.builder("subsim.items.rejected").description("generated items a filter rejected")
        .tags("bot", bot, "kind", label(kind), "reason", reason).register(registry).increment();
  }

  public void published(String bot, Kind kind) {
    counter("subsim.items.published", "items published to Reddit", bot, kind).increment();
  }

  public void failed(String bot, Kind kind) {
    counter("subsim.items.failed", "items whose publishing failed", bot, kind).increment();
  }

  /** One Reddit API call and its HTTP status (0 when no answer came). */
  public void redditCall(String method, int status) {
    Counter.builder("subsim.reddit.calls").description("Reddit API calls by HTTP status")
        .tags("method", method, "status", Integer.toString(status)).register(registry).increment();
  }

  /** One generation call: how long it took and how many new tokens it made. */
  public void generation(String bot, Duration took, int tokens) {
    Timer.builder("subsim.generation.time").description("time per generation call").tag("bot", bot)
        .register(registry).record(took);
    double seconds = Math.max(took.toNanos() / 1e9, 1e-9);
    DistributionSummary.builder("subsim.generation.tokens.per.second").description("new tokens per second of generation")
        .tag("bot", bot).register(registry).record(tokens / seconds);
  }

  /** The latest training step and loss of a bot's model. */
  public void training(String bot, long step, double loss) {
    gauge(trainingLoss, "subsim.training.loss", "latest training loss", bot).set(Double.doubleToLongBits(loss));
    gauge(trainingStep, "subsim.training.step", "latest training step", bot).set(Double.doubleToLongBits(step));
  }

  /** The number counted so far by a counter, for the status page and tests. */
  public double count(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  private Counter counter(String name, String description, String bot, Kind kind) {
    return Counter.builder(name).description(description).tags("bot", bot, "kind", label(kind)).register(registry);
  }

  private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String bot) {
    return values.computeIfAbsent(bot, b -> {
      AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
      io.micrometer.core.instrument.Gauge.builder(name, bits, v -> Double.longBitsToDouble(v.get()))
          .description(description).tag("bot", b).register(registry);
      return bits;
    });
  }

  private static String label(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
