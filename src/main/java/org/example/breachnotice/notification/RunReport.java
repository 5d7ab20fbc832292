package org.example.breachnotice.notification;

/** Where the runs that {@code serve} launches tell their progress and result: the command line prints them. */
public interface RunReport {

	void progress(RunEvent event);

	void result(RunResult result);

}
