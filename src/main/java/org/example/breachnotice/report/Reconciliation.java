package org.example.breachnotice.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import org.example.breachnotice.ledger.LedgerStore;
import org.example.breachnotice.outbox.NoticeStatus;
import org.example.breachnotice.outbox.OutboxQueries;

/**
 * The notice table against the ledger: the report's counts come from the table, which an insider
 * can edit without touching the signed ledger (FAILED rows set to SENT, say). Every notice whose
 * table status or last ledger outcome is final must agree with the other. Outcomes that leave a
 * notice to be sent again (DEFERRED, REQUEUED, a claim released at recovery) may differ from a
 * PENDING, SENDING or CANCELLED row.
 */
@Component
class Reconciliation {

	private static final Set<NoticeStatus> FINAL = Set.of(NoticeStatus.SENT, NoticeStatus.FAILED_PERMANENT,
			NoticeStatus.FAILED_TRANSIENT, NoticeStatus.UNKNOWN, NoticeStatus.BOUNCED);

	/** Canonical JSON: the entry's own notice_id, read without parsing each payload. */
	private static final Pattern NOTICE_ID = Pattern.compile("\"notice_id\":(\\d+)");

	private static final int EXAMPLES = 5;

	private final LedgerStore ledger;

	private final OutboxQueries queries;

	Reconciliation(LedgerStore ledger, OutboxQueries queries) {
		this.ledger = ledger;
		this.queries = queries;
	}

	/** @param examples up to five differences, e.g. "notice 12: table SENT, ledger NOTICE_FAILED_PERMANENT" */
	record Result(long notices, long differing, List<String> examples) {
	}

	Result check(String incidentId) {
		Map<Long, String> lastOutcome = new HashMap<>();
		ledger.forEach(incidentId, entry -> {
			if (outcomeStatus(entry.type()) != null) {
				Matcher id = NOTICE_ID.matcher(entry.payload());
				if (id.find()) {
					lastOutcome.put(Long.parseLong(id.group(1)), entry.type());
				}
			}
		});
		Map<Long, NoticeStatus> table = queries.statusById(incidentId);
		long differing = 0;
		List<String> examples = new ArrayList<>();
		for (Map.Entry<Long, NoticeStatus> notice : new java.util.TreeMap<>(table).entrySet()) {
			String type = lastOutcome.get(notice.getKey());
			NoticeStatus recorded = type == null ? null : outcomeStatus(type);
			boolean settled = FINAL.contains(notice.getValue()) || (recorded != null && FINAL.contains(recorded));
			if (settled && notice.getValue() != recorded) {
				differing++;
				if (examples.size() < EXAMPLES) {
					examples.add("notice " + notice.getKey() + ": table " + notice.getValue() + ", ledger "
							+ (type == null ? "no outcome" : type));
				}
			}
		}
		return new Result(table.size(), differing, examples);
	}

	/** The status a ledger entry type leaves its notice in; null for entries that change none. */
	private static NoticeStatus outcomeStatus(String type) {
		if (type.equals("NOTICE_REQUEUED")) {
			return NoticeStatus.PENDING;
		}
		if (!type.startsWith("NOTICE_") || type.equals("NOTICE_DELAYED") || type.equals("NOTICE_COMPLAINT")) {
			return null;
		}
		try {
			return NoticeStatus.valueOf(type.substring("NOTICE_".length()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
