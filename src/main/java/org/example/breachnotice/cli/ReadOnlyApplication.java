package org.example.breachnotice.cli;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

import org.example.breachnotice.ledger.LedgerConfiguration;

/**
 * The Spring context of the commands that only read the state folder (ledger find and verify,
 * report, status on PostgreSQL): the datasource, transactions and the job repository, and of our
 * components only those a command asks for (lazy, see {@link SpringOptions#openReadOnly}). None of
 * our {@code @Configuration} classes but the ledger's: the others declare the jobs, their steps and
 * the broker, which a reader never runs (processing them loads Spring Integration, a second). The
 * application class is left out too, or it would bring every auto-configuration back. No schema
 * initialization, metrics, mail, templates or scheduler. Not a {@code @Configuration} itself, so
 * that the full context's component scan does not pick it up.
 */
@ComponentScan(basePackages = "org.example.breachnotice",
		excludeFilters = { @Filter(type = FilterType.ANNOTATION, classes = Configuration.class),
				@Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class) })
@Import(LedgerConfiguration.class)
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class, BatchAutoConfiguration.class,
		BatchJdbcAutoConfiguration.class })
class ReadOnlyApplication {

}
