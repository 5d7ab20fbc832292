package org.example.breachnotice.ledger;

import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Walks the chain from the first entry and names the first entry that was changed, removed or
 * reordered. It recomputes each hash from the stored payload, checks that the columns agree with
 * the payload, that each entry links to the one before, that no sequence number is missing and
 * that the head row points at the last entry (which catches a truncated tail).
 */
@Component
public class LedgerVerifier {

	private final LedgerStore store;

	private final RecipientHmac hmac;

	private final JdbcTemplate jdbc;

	public LedgerVerifier(LedgerStore store, RecipientHmac hmac, JdbcTemplate jdbc) {
		this.store = store;
		this.hmac = hmac;
		this.jdbc = jdbc;
	}

	public record Result(boolean valid, long entries, String headHash, String problem) {
	}

	public Result verify() {
		State state = new State();
		store.forEach(null, entry -> {
			if (state.problem == null) {
				state.problem = check(entry, state);
				state.count++;
				state.lastSeq = entry.seq();
				state.lastHash = entry.entryHash();
			}
		});
		if (state.problem == null) {
			Map<String, Object> head = jdbc.queryForMap("SELECT seq, entry_hash FROM ledger_head WHERE id = 1");
			long headSeq = ((Number) head.get("seq")).longValue();
			if (headSeq != state.lastSeq || !Objects.equals(head.get("entry_hash"), state.lastHash)) {
				state.problem = "the ledger head points at entry " + headSeq + " but the last entry is " + state.lastSeq
						+ ": entries after " + state.lastSeq + " were removed, or the head was changed";
			}
		}
		return new Result(state.problem == null, state.count, state.lastHash, state.problem);
	}

	private String check(LedgerEntry entry, State state) {
		long expected = state.lastSeq + 1;
		if (entry.seq() != expected) {
			return "entry " + expected + " is missing (the next stored entry is " + entry.seq() + "): it was removed";
		}
		if (!entry.prevHash().equals(state.lastHash)) {
			return "entry " + entry.seq() + " does not link to entry " + state.lastSeq
					+ ": an entry was replaced, removed or reordered at this point";
		}
		// The payload is {"fields":{...},<the columns, canonical>}: a changed column breaks the suffix.
		String columns = CanonicalJson.write(Ledger.payload(entry.seq(), entry.incidentId(), entry.type(),
				entry.recordedAt(), entry.recipientHmac(), null));
		String suffix = "," + columns.substring(columns.indexOf(",\"incident\"") + 1);
		if (!entry.payload().startsWith("{\"fields\":") || !entry.payload().endsWith(suffix)
				|| !Ledger.chain(entry.prevHash(), entry.payload()).equals(entry.entryHash())) {
			return "entry " + entry.seq() + " (" + entry.type() + ") was changed: its content does not match its hash";
		}
		if (entry.recipientEmail() != null && !hmac.of(entry.recipientEmail()).equals(entry.recipientHmac())) {
			return "entry " + entry.seq() + " (" + entry.type() + ") was changed: the stored address does not match its HMAC"
					+ " (or " + RecipientHmac.KEY_VARIABLE + " is not the key the ledger was written with)";
		}
		return null;
	}

	private static final class State {

		long lastSeq;

		String lastHash = Ledger.GENESIS;

		long count;

		String problem;

	}

}
