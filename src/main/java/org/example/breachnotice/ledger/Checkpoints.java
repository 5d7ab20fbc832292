package org.example.breachnotice.ledger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Signs the ledger's committed head and appends it to the anchor file: at the end of every run,
 * every {@value #EVERY} entries, and on {@code ledger checkpoint}. Entries after the last
 * checkpoint are protected by the hash chain only, which an insider can recompute.
 */
@Component
public class Checkpoints {

	public static final long EVERY = 10_000;

	private final JdbcTemplate jdbc;

	private final SigningKey key;

	private final AnchorFile anchors;

	private final Clock clock;

	public Checkpoints(JdbcTemplate jdbc, SigningKey key, @Value("${breach-notice.anchors}") Path anchors, Clock clock) {
		this.jdbc = jdbc;
		this.key = key;
		this.anchors = AnchorFile.at(anchors);
		this.clock = clock;
	}

	/** Signs the head as committed now; call it after the entries it should cover have committed. */
	public Checkpoint write(String incident) {
		return anchors.append(number -> {
			Map<String, Object> head = jdbc.queryForMap("SELECT seq, entry_hash FROM ledger_head WHERE id = 1");
			Checkpoint unsigned = new Checkpoint(number, incident, ((Number) head.get("seq")).longValue(),
					(String) head.get("entry_hash"), Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString(), key.keyId(), null);
			return unsigned.withSignature(key.sign(unsigned.signedText()));
		});
	}

	public AnchorFile anchors() {
		return anchors;
	}

	public SigningKey key() {
		return key;
	}

	/** Whether appending entries up to {@code last} passed a multiple of {@link #EVERY}. */
	static boolean due(long first, long last) {
		return last / EVERY > (first - 1) / EVERY;
	}

}
