package org.example.breachnotice.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.util.FileSystemUtils;

import org.example.breachnotice.testsupport.TestJobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The campaign a step reads from the run's parameters, on the launching machine and on a worker's. */
class RunParametersTests {

	static final String PEOPLE = """
			user_id,organization_id,organization_name,name,email,city,region,country,os,browser,referrer,locale
			u1,org-a,Alpha,Ana Souza,ana@example.com,,,BR,,,,
			""";

	@TempDir
	Path temp;

	@Test
	void aWorkerReadsItsOwnCopyOfTheJobFileFoundBySha256WithTheRunsConnectionsAndWorkers() throws Exception {
		Campaign launched = CampaignLoader.load(TestJobs.write(temp.resolve("manager"), PEOPLE, null, 0.2));
		RunParameters elsewhere = parametersAt(launched, temp.resolve("not-on-this-machine/job.yaml"));
		Path copy = temp.resolve("worker-checkout");
		FileSystemUtils.copyRecursively(temp.resolve("manager"), copy);
		Path edited = temp.resolve("edited");
		FileSystemUtils.copyRecursively(temp.resolve("manager"), edited);
		Files.writeString(edited.resolve("job.yaml"), Files.readString(edited.resolve("job.yaml")) + "# edited\n");

		Campaign read = elsewhere.campaign(List.of(edited.resolve("job.yaml"), copy.resolve("job.yaml")));

		assertThat(read.jobFile()).isEqualTo(copy.resolve("job.yaml"));
		assertThat(read.dataset().people()).isEqualTo(copy.resolve("people.csv").toAbsolutePath());
		assertThat(read.delivery().connections()).isEqualTo(3);
		assertThat(read.delivery().workers()).isEqualTo(Campaign.Delivery.REMOTE_WORKERS);
		assertThatThrownBy(() -> elsewhere.campaign(List.of(edited.resolve("job.yaml"))))
			.isInstanceOf(CampaignException.class)
			.hasMessageContaining("not on this machine, and no job file given to this worker has its SHA-256");
	}

	@Test
	void theLaunchingMachineRefusesAJobFileChangedSinceTheLaunch() throws Exception {
		Path job = TestJobs.write(temp.resolve("manager"), PEOPLE, null, 0.2);
		RunParameters run = parametersAt(CampaignLoader.load(job), job);
		Files.writeString(job, Files.readString(job) + "# edited during the run\n");

		assertThatThrownBy(run::campaign).isInstanceOf(CampaignException.class)
			.hasMessageContaining("changed while its run was in progress");
	}

	private static RunParameters parametersAt(Campaign campaign, Path recordedJobFile) {
		Campaign run = campaign.withDelivery(campaign.delivery().withConnections(3).withWorkers(Campaign.Delivery.REMOTE_WORKERS));
		return new RunParameters(new JobParametersBuilder(RunParameters.of(run, "pickup", false, "operator").toJobParameters())
			.addString(RunParameters.JOB_FILE, recordedJobFile.toString(), false)
			.toJobParameters());
	}

}
