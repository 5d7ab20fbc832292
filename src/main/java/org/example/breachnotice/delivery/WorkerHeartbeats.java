package org.example.breachnotice.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code worker_heartbeat} and {@code partition_claim} tables: which worker process took which
 * partition, and when each worker last showed it was alive.
 */
@Component
public class WorkerHeartbeats {

	/** How often a worker beats. */
	static final Duration EVERY = Duration.ofSeconds(2);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/** A worker whose last beat is older than this is taken for dead. */
	private final Duration deadAfter;

	WorkerHeartbeats(JdbcTemplate jdbc, Clock clock, @Value("${breach-notice.worker.dead-after}") Duration deadAfter) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.deadAfter = deadAfter;
	}

	/** A worker as status shows it; {@code alive}: it beat within the dead-after time. */
	public record Worker(String name, Instant startedAt, Instant beatAt, int partitionsRunning, long partitionsTaken,
			boolean alive) {
	}

	Duration deadAfter() {
		return deadAfter;
	}

	void beat(String worker, Instant startedAt, int partitionsRunning) {
		Timestamp now = Timestamp.from(clock.instant());
		if (jdbc.update("UPDATE worker_heartbeat SET beat_at = ?, partitions_running = ? WHERE worker = ?", now,
				partitionsRunning, worker) == 0) {
			jdbc.update("INSERT INTO worker_heartbeat (worker, started_at, beat_at, partitions_running) VALUES (?, ?, ?, ?)", worker,
					Timestamp.from(startedAt), now, partitionsRunning);
		}
	}

	/**
	 * Every worker that ever beat here, newest first; none in a state folder written before remote
	 * workers existed (read-only commands do not add tables).
	 */
	public List<Worker> workers() {
		if (jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = 'worker_heartbeat'",
				Long.class) == 0) {
			return List.of();
		}
		Instant now = clock.instant();
		return jdbc.query("""
				SELECT h.worker, h.started_at, h.beat_at, h.partitions_running,
				  (SELECT COUNT(*) FROM partition_claim c WHERE c.worker = h.worker) AS taken
				FROM worker_heartbeat h ORDER BY h.beat_at DESC""", (rs, n) -> {
			Instant beat = rs.getTimestamp("beat_at").toInstant();
			return new Worker(rs.getString("worker"), rs.getTimestamp("started_at").toInstant(), beat,
					rs.getInt("partitions_running"), rs.getLong("taken"), !beat.plus(deadAfter).isBefore(now));
		});
	}

	/** Who took these partitions (step execution id to worker); partitions no worker took are absent. */
	Map<Long, String> claims(List<Long> stepExecutionIds) {
		Map<Long, String> claims = new java.util.HashMap<>();
		for (Long id : stepExecutionIds) {
			jdbc.query("SELECT worker FROM partition_claim WHERE step_execution_id = ?", rs -> {
				claims.put(id, rs.getString(1));
			}, id);
		}
		return claims;
	}

	/** The worker's last beat, if it ever beat. */
	Optional<Instant> lastBeat(String worker) {
		return jdbc.query("SELECT beat_at FROM worker_heartbeat WHERE worker = ?", (rs, n) -> rs.getTimestamp(1).toInstant(),
				worker).stream().findFirst();
	}

	/** Whether any worker beat within the dead-after time. */
	boolean anyAlive() {
		return jdbc.queryForObject("SELECT COUNT(*) FROM worker_heartbeat WHERE beat_at >= ?", Long.class,
				Timestamp.from(clock.instant().minus(deadAfter))) > 0;
	}

	boolean dead(Instant lastBeat) {
		return lastBeat.plus(deadAfter).isBefore(clock.instant());
	}

}
