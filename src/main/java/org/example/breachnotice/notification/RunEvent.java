package org.example.breachnotice.notification;

import java.nio.file.Path;

import org.springframework.batch.core.BatchStatus;

import org.example.breachnotice.compliance.Approvals.Approval;

/** What a run tells its operator while it goes, before it ends (the command line prints it at once). */
public sealed interface RunEvent {

	/** retry-failed: these notices are PENDING again and go in a retry execution of their own. */
	record Retrying(String incident, long notices, String retry) implements RunEvent {
	}

	/** A live send passed preflight and carries this approval. */
	record LiveSendApproved(Approval approval, String operator) implements RunEvent {
	}

	/** An execution left running by a dead process (crash or kill -9), marked FAILED so that it resumes. */
	record DeadExecutionRecovered(long executionId, BatchStatus left) implements RunEvent {
	}

	/** The job is about to start or resume. */
	record Launching(String incident, String transport, Path output) implements RunEvent {
	}

}
