package org.example.breachnotice.cli;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring context of the commands that change the state folder (run, serve, approve, bounces,
 * abandon, erase, ...): every component, the batch infrastructure, schema initialization, metrics,
 * mail. The read-only commands start {@link ReadOnlyApplication} instead.
 */
@SpringBootApplication(scanBasePackages = "org.example.breachnotice")
public class FullApplication {

}
