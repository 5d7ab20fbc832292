package org.example.breachnotice.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;

import org.example.breachnotice.bounces.BounceImport;
import org.example.breachnotice.bounces.Mailbox;
import org.example.breachnotice.campaign.Campaign.Schedule;
import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.notification.NotificationRunner;
import org.example.breachnotice.notification.RunReport;
import org.example.breachnotice.notification.RunResult;
import org.example.breachnotice.notification.RunOptions;

/**
 * Launches each campaign's waves on its cron schedule, inside its send window, at most its cap
 * per wave. Waves run one at a time on the caller's thread, so two waves of one incident never
 * overlap. A wave that ends STOPPED (cap or window reached) is resumed by the next; one that ends
 * COMPLETED ends that campaign's schedule. At start every campaign is due at once, so a wave that
 * was in progress when the service died is recovered and resumed at the first tick in its window.
 * Time comes from the given clock: tests drive {@link #tick()} with their own.
 */
public class WaveScheduler {

	private static final Logger log = LoggerFactory.getLogger(WaveScheduler.class);

	private final NotificationRunner runner;

	private final BounceImport bounces;

	private final String imapPassword;

	private final Clock clock;

	private final RunReport report;

	private final List<Plan> plans = new ArrayList<>();

	private volatile boolean stopping;

	private static final class Plan {

		final Campaign campaign;

		final RunOptions options;

		final CronExpression cron;

		Instant next;

		Instant nextBounces;

		boolean done;

		Plan(Campaign campaign, RunOptions options, Instant first) {
			this.campaign = campaign;
			this.options = options;
			this.cron = CronExpression.parse(campaign.schedule().cron());
			this.next = first;
			this.nextBounces = first;
		}

	}

	/** @param bounces reads a campaign's {@code schedule.bounces_imap}; the password comes from BREACH_NOTICE_IMAP_PASSWORD */
	public WaveScheduler(NotificationRunner runner, BounceImport bounces, String imapPassword, Clock clock, RunReport report) {
		this.runner = runner;
		this.bounces = bounces;
		this.imapPassword = imapPassword;
		this.clock = clock;
		this.report = report;
	}

	public void add(Campaign campaign, RunOptions options) {
		if (campaign.schedule() == null) {
			throw new IllegalArgumentException(campaign.jobFile() + " has no schedule: block (cron, window, wave_cap) to serve");
		}
		plans.add(new Plan(campaign, options, clock.instant()));
	}

	/** Launches every wave that is due now and inside its window; returns how many ran. */
	public int tick() throws Exception {
		int launched = 0;
		for (Plan plan : plans) {
			Instant now = clock.instant();
			readBounces(plan, now);
			if (plan.done || stopping || now.isBefore(plan.next)) {
				continue;
			}
			Schedule schedule = plan.campaign.schedule();
			plan.next = plan.cron.next(ZonedDateTime.ofInstant(now, schedule.zone())).toInstant();
			String incident = plan.campaign.incidentId();
			if (!schedule.windowOpen(now)) {
				log.info("{}: outside the send window at {}, next try {}", incident, now.atZone(schedule.zone()),
						plan.next.atZone(schedule.zone()));
				continue;
			}
			log.info("{}: launching a wave (cap {}, window closes {})", incident,
					schedule.waveCap() == 0 ? "none" : schedule.waveCap(), schedule.windowEnd(now).atZone(schedule.zone()));
			RunOptions wave = new RunOptions(plan.options.transport(), plan.options.resendUnknown(), plan.options.operator(),
					new RunOptions.Wave(schedule.waveCap(), schedule.windowEnd(now)));
			RunResult result = runner.run(plan.campaign, wave, report::progress);
			report.result(result);
			launched++;
			if (result.exitCode() == 0) {
				plan.done = true;
				log.info("{}: completed; its schedule ends", incident);
			}
			else {
				log.info("{}: wave ended {} (exit code {}); next wave {}", incident, result.ending(), result.exitCode(),
						plan.next.atZone(schedule.zone()));
			}
		}
		return launched;
	}

	/**
	 * Reads the campaign's bounce mailbox when due, also after the campaign completed: bounces
	 * arrive later. A mailbox that cannot be read is logged and tried again at the next interval.
	 */
	private void readBounces(Plan plan, Instant now) {
		Schedule schedule = plan.campaign.schedule();
		if (schedule.bouncesImap() == null || stopping || now.isBefore(plan.nextBounces)) {
			return;
		}
		plan.nextBounces = now.plus(schedule.bouncesEvery());
		String incident = plan.campaign.incidentId();
		try {
			BounceImport.Result result = bounces.importFrom(incident, Mailbox.imap(schedule.bouncesImap(), imapPassword), n -> {
			});
			log.info("{}: bounces read, {} message(s): {} bounced, {} delayed, {} complaint(s), {} already recorded, {} unmatched",
					incident, result.messages(), result.bounced(), result.delayed(), result.complaints(), result.alreadyRecorded(),
					result.unmatched());
		}
		catch (Exception ex) {
			log.warn("{}: cannot read the bounce mailbox ({}); next try at {}", incident, ex.getMessage(), plan.nextBounces);
		}
	}

	public boolean allDone() {
		return plans.stream().allMatch(plan -> plan.done);
	}

	public void stop() {
		stopping = true;
	}

	public boolean stopping() {
		return stopping;
	}

}
