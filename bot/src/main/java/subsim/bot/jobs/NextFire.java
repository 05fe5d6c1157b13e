package subsim.bot.jobs;

import java.time.Instant;

/** When a bot's job fires next ({@code at} is null when it is not scheduled to fire again). */
public record NextFire(String bot, String job, Instant at) {}
