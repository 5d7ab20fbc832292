package org.example.breachnotice.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A state folder made before the table notice_key kept each notice's identity in the constraint
 * notice_once on notice. Left as it was, its empty notice_key would let the dedupe of a further
 * dataset make a second notice for a recipient already notified. So, once, at start-up: every
 * notice's key goes into notice_key, then the constraint is dropped (in that order: a crash in
 * between leaves the constraint, and the next start completes the copy).
 */
@Component
@DependsOnDatabaseInitialization
class NoticeKeyMigration implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(NoticeKeyMigration.class);

	private final JdbcTemplate jdbc;

	NoticeKeyMigration(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void afterPropertiesSet() {
		Long constraints = jdbc.queryForObject("""
				SELECT COUNT(*) FROM information_schema.table_constraints
				WHERE LOWER(constraint_name) = 'notice_once' AND LOWER(table_name) = 'notice'""", Long.class);
		if (constraints == 0) {
			return;
		}
		int copied = jdbc.update("""
				INSERT INTO notice_key (incident_id, notice_type, recipient_key, organization_id, notice_id)
				SELECT n.incident_id, n.notice_type, n.recipient_key, n.organization_id, n.id FROM notice n
				WHERE NOT EXISTS (SELECT 1 FROM notice_key k WHERE k.incident_id = n.incident_id
				  AND k.notice_type = n.notice_type AND k.recipient_key = n.recipient_key AND k.organization_id = n.organization_id)""");
		jdbc.execute("ALTER TABLE notice DROP CONSTRAINT notice_once");
		log.info("Moved the identity of {} notices from the constraint notice_once to the table notice_key", copied);
	}

}
