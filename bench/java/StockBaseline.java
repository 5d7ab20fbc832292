import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.batch.infrastructure.item.mail.javamail.MimeMessageItemWriter;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.core.io.FileSystemResource;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.NoticeType;
import org.example.breachnotice.render.NoticeModel;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.render.RenderedNotice;

/**
 * The stock baseline: a chunk step built the way the framework's documentation shows it, a
 * FlatFileItemReader, a processor that renders the same templates into a MimeMessage, and
 * MimeMessageItemWriter over JavaMailSenderImpl, one thread. No outbox, no ledger, no dedupe.
 * Usage: StockBaseline JOB_FILE MESSAGES HOST PORT
 */
public class StockBaseline {

	record Person(String name, String email, String organization) {
	}

	public static void main(String[] args) throws Exception {
		Campaign campaign = CampaignLoader.load(Path.of(args[0]));
		int messages = Integer.parseInt(args[1]);
		NoticeRenderer renderer = new NoticeRenderer(campaign.templates());
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost(args[2]);
		sender.setPort(Integer.parseInt(args[3]));
		Properties properties = new Properties();
		properties.put("mail.smtp.socketFactory", new NoDelay());
		sender.setJavaMailProperties(properties);

		FlatFileItemReader<Person> reader = new FlatFileItemReaderBuilder<Person>().name("people")
			.resource(new FileSystemResource(campaign.dataset().people()))
			.linesToSkip(1)
			.recordSeparatorPolicy(new org.springframework.batch.infrastructure.item.file.separator.DefaultRecordSeparatorPolicy())
			.maxItemCount(messages)
			.delimited()
			.names("user_id", "organization_id", "organization_name", "name", "email", "city", "region", "country", "os",
					"browser", "referrer", "locale")
			.fieldSetMapper(fields -> new Person(fields.readString("name"), fields.readString("email"),
					fields.readString("organization_name")))
			.build();
		ResourcelessJobRepository repository = new ResourcelessJobRepository();
		int[] count = { 0 };
		Job job = new JobBuilder("stock", repository).start(new StepBuilder("send", repository).<Person, MimeMessage>chunk(50)
			.transactionManager(new ResourcelessTransactionManager())
			.reader(reader)
			.processor(person -> {
				if (!person.email().contains("@") || person.email().contains(" ")) {
					return null;
				}
				int i = count[0]++;
				String locale = i % 3 == 0 ? "pt-BR" : "en";
				Notice notice = new Notice(i, campaign.incidentId(), NoticeType.PERSON, person.email().toLowerCase(), "",
						person.email(), person.name(), null, 0, locale, 0, null, 0, 0, null);
				RenderedNotice r = renderer.render(NoticeType.PERSON, locale,
						NoticeModel.of(campaign, notice, List.of(person.organization())));
				MimeMessage message = sender.createMimeMessage();
				MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
				helper.setFrom(campaign.from());
				helper.setTo(new InternetAddress(person.email().replaceAll("@.*", "@example.com"), person.name(), "UTF-8"));
				helper.setSubject(r.subject());
				helper.setText(r.text(), r.html());
				return message;
			})
			.writer(new MimeMessageItemWriter(sender))
			.build()).build();
		TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
		operator.setJobRepository(repository);
		operator.setJobRegistry(new org.springframework.batch.core.configuration.support.MapJobRegistry());
		operator.afterPropertiesSet();
		long started = System.nanoTime();
		JobExecution execution = operator.start(job, new JobParameters());
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf("STOCK status=%s messages=%d seconds=%.2f rate=%.0f%n", execution.getStatus(), count[0], seconds,
				count[0] / seconds);
	}

}
