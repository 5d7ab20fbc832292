import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.campaign.CampaignLoader;
import org.example.breachnotice.outbox.Notice;
import org.example.breachnotice.outbox.NoticeType;
import org.example.breachnotice.render.NoticeModel;
import org.example.breachnotice.render.NoticeRenderer;
import org.example.breachnotice.render.RenderedNotice;

/**
 * The raw ceiling: the same notices rendered with the same templates, sent over N reused
 * connections by a plain loop per connection. No database, no outbox, no ledger.
 * Usage: RawCeiling JOB_FILE MESSAGES CONNECTIONS HOST PORT
 */
public class RawCeiling {

	public static void main(String[] args) throws Exception {
		Campaign campaign = CampaignLoader.load(Path.of(args[0]));
		int messages = Integer.parseInt(args[1]);
		int connections = Integer.parseInt(args[2]);
		List<String[]> people = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(campaign.dataset().people())) {
			for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
				if (people.size() == messages) {
					break;
				}
				if (r.get("email").contains("@") && !r.get("email").contains(" ")) {
					people.add(new String[] { r.get("name"), r.get("email"), r.get("organization_name") });
				}
			}
		}
		NoticeRenderer renderer = new NoticeRenderer(campaign.templates());
		Properties properties = new Properties();
		properties.put("mail.smtp.socketFactory", new NoDelay());
		Session session = Session.getInstance(properties);
		ExecutorService pool = Executors.newFixedThreadPool(connections);
		long started = System.nanoTime();
		List<Future<?>> done = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			int slice = c;
			done.add(pool.submit(() -> {
				Transport transport = session.getTransport("smtp");
				transport.connect(args[3], Integer.parseInt(args[4]), null, null);
				for (int i = slice; i < people.size(); i += connections) {
					String[] p = people.get(i);
					String locale = i % 3 == 0 ? "pt-BR" : "en";
					Notice notice = new Notice(i, campaign.incidentId(), NoticeType.PERSON, p[1].toLowerCase(), "", p[1], p[0], null,
							0, locale, 0, "<" + i + "@" + campaign.officialDomain() + ">", 0, 0, null);
					RenderedNotice r = renderer.render(NoticeType.PERSON, locale, NoticeModel.of(campaign, notice, List.of(p[2])));
					MimeMessage m = new MimeMessage(session);
					m.setFrom(new InternetAddress(campaign.from()));
					m.setRecipient(Message.RecipientType.TO, new InternetAddress(p[1].replaceAll("@.*", "@example.com"), p[0], "UTF-8"));
					m.setSubject(r.subject(), "UTF-8");
					MimeBodyPart text = new MimeBodyPart();
					text.setText(r.text(), "UTF-8", "plain");
					MimeBodyPart html = new MimeBodyPart();
					html.setText(r.html(), "UTF-8", "html");
					MimeMultipart alternative = new MimeMultipart("alternative");
					alternative.addBodyPart(text);
					alternative.addBodyPart(html);
					m.setContent(alternative);
					m.saveChanges();
					transport.sendMessage(m, m.getAllRecipients());
				}
				transport.close();
				return null;
			}));
		}
		for (Future<?> f : done) {
			f.get();
		}
		pool.shutdown();
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf("RAW connections=%d messages=%d seconds=%.2f rate=%.0f%n", connections, people.size(), seconds,
				people.size() / seconds);
	}

}
