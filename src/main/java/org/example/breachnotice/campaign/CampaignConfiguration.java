package org.example.breachnotice.campaign;

import java.nio.file.Path;
import java.util.Arrays;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;

/**
 * What a step of the notification or retry job knows of its run, one instance per step execution
 * (a send partition, local or on another machine, has its own): the job parameters, the campaign
 * read from the job file they name, and the incident's output folder. Not proxied (a record
 * cannot be): only step-scoped components, created inside their step, take them.
 */
@Configuration(proxyBeanMethods = false)
public class CampaignConfiguration {

	@Bean
	@Scope(value = "step", proxyMode = ScopedProxyMode.NO)
	RunParameters runParameters(@Value("#{stepExecution}") StepExecution stepExecution) {
		return new RunParameters(stepExecution.getJobParameters());
	}

	@Bean
	@Scope(value = "step", proxyMode = ScopedProxyMode.NO)
	Campaign campaign(RunParameters parameters, @Value("${breach-notice.worker.job-files:}") String workerJobFiles) {
		return parameters.campaign(Arrays.stream(workerJobFiles.split(",")).filter(file -> !file.isBlank()).map(Path::of)
			.toList());
	}

	@Bean
	@Scope(value = "step", proxyMode = ScopedProxyMode.NO)
	OutputFolder outputFolder(@Value("${breach-notice.home}") Path home, RunParameters parameters) {
		return OutputFolder.of(home, parameters.incident());
	}

}
