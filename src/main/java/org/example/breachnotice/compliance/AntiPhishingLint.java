package org.example.breachnotice.compliance;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.example.breachnotice.campaign.Campaign;
import org.example.breachnotice.compliance.ContentRules.LintRule;
import org.example.breachnotice.render.DisplayText;
import org.example.breachnotice.render.RenderedNotice;
import org.example.breachnotice.render.SlotUse;

/**
 * Checks a rendered notice for what makes a legitimate breach e-mail look like phishing: links
 * off the official domain or showing another address, shorteners and tracking redirects,
 * scripts, forms and attachments, requests for credentials, and a missing anti-phishing
 * statement or plain-text part.
 */
final class AntiPhishingLint {

	static final String STATEMENT_SLOT = "anti_phishing_statement";

	private static final Pattern ANCHOR = Pattern.compile("<a\\b([^>]*)>(.*?)</a\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private static final Pattern HREF = Pattern.compile("href\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+))", Pattern.CASE_INSENSITIVE);

	private static final Pattern BARE_URL = Pattern.compile("(https?://|www\\.)[^\\s<>\"')]+", Pattern.CASE_INSENSITIVE);

	private static final Pattern DOMAIN_IN_TEXT = Pattern.compile("\\b((?:[a-z0-9-]+\\.)+[a-z]{2,})\\b", Pattern.CASE_INSENSITIVE);

	private static final Pattern ACTIVE = Pattern.compile(
			"<(script|form|input|button|textarea|select|iframe|object|embed|applet)\\b|\\son[a-z]+\\s*=|javascript:|src\\s*=\\s*[\"']?(data|cid):",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern ATTACHMENT_LINK = Pattern.compile(
			"\\bdownload\\b|\\.(pdf|zip|rar|7z|exe|msi|js|html?|docx?|xlsx?|pptx?|iso|img)([?#\"'\\s]|$)", Pattern.CASE_INSENSITIVE);

	private static final Set<String> SHORTENERS = Set.of("bit.ly", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "is.gd",
			"buff.ly", "rebrand.ly", "lnkd.in", "cutt.ly", "shorturl.at", "rb.gy", "t.ly", "s.id", "tiny.cc", "bl.ink");

	private static final Pattern TRACKING = Pattern.compile("[?&](url|redirect|redirect_uri|target|dest|destination|u|r)=|/(redirect|click|track|trk)/",
			Pattern.CASE_INSENSITIVE);

	private final Campaign campaign;

	private final ContentRules rules;

	private final TemplateLines lines;

	AntiPhishingLint(Campaign campaign, ContentRules rules, TemplateLines lines) {
		this.campaign = campaign;
		this.rules = rules;
		this.lines = lines;
	}

	List<Finding> check(RenderedNotice notice, String scope) {
		List<Finding> findings = new ArrayList<>();
		String htmlFile = notice.template() + ".ftlh";
		String textFile = notice.template() + ".txt.ftl";

		Matcher anchor = ANCHOR.matcher(notice.html());
		while (anchor.find()) {
			Matcher href = HREF.matcher(anchor.group(1));
			String target = !href.find() ? "" : firstNonNull(href.group(2), href.group(3), href.group(4));
			checkLink(target, htmlFile, scope, findings);
			if (ATTACHMENT_LINK.matcher(anchor.group(1)).find()) {
				findings.add(finding("AP-ACTIVE-CONTENT", scope, "a link offers a file to download (" + target
						+ "): attach nothing and link to no files", htmlFile, target));
			}
			String visible = anchor.group(2).replaceAll("<[^>]*>", " ");
			Matcher shown = DOMAIN_IN_TEXT.matcher(visible);
			String targetHost = host(target);
			while (shown.find()) {
				String shownHost = shown.group(1).toLowerCase(Locale.ROOT);
				if (targetHost == null || !stripWww(shownHost).equals(stripWww(targetHost))) {
					findings.add(finding("AP-LINK-TEXT", scope, "the link text shows " + shownHost + " but the link goes to "
							+ (targetHost == null ? target : targetHost), htmlFile, target));
				}
			}
		}
		Matcher bare = BARE_URL.matcher(visibleText(notice.html()));
		while (bare.find()) {
			checkLink(bare.group().startsWith("www.") ? "https://" + bare.group() : bare.group(), htmlFile, scope, findings);
		}
		Matcher bareText = BARE_URL.matcher(notice.text());
		while (bareText.find()) {
			String url = bareText.group().startsWith("www.") ? "https://" + bareText.group() : bareText.group();
			checkLink(url, textFile, scope, findings);
		}

		Matcher active = ACTIVE.matcher(notice.html());
		while (active.find()) {
			findings.add(finding("AP-ACTIVE-CONTENT", scope, "active content or an embedded attachment: '" + active.group().strip()
					+ "'", htmlFile, active.group().strip()));
		}

		checkCredentials(notice.html(), notice.htmlSlots(), htmlFile, scope, findings);
		checkCredentials(notice.text(), notice.textSlots(), textFile, scope, findings);

		if (!hasContent(notice.htmlSlots(), STATEMENT_SLOT) || !hasContent(notice.textSlots(), STATEMENT_SLOT)) {
			findings.add(finding("AP-STATEMENT", scope, "no anti-phishing statement (slot " + STATEMENT_SLOT
					+ ") in the " + (hasContent(notice.htmlSlots(), STATEMENT_SLOT) ? "text" : "HTML") + " part",
					hasContent(notice.htmlSlots(), STATEMENT_SLOT) ? textFile : htmlFile, null));
		}
		if (notice.text().isBlank()) {
			findings.add(finding("AP-TEXT-PART", scope, "the plain-text part is empty", textFile, null));
		}
		else {
			for (SlotUse slot : notice.htmlSlots()) {
				if (notice.textSlots().stream().noneMatch(t -> t.name().equals(slot.name()))) {
					findings.add(new Finding(rules.lint("AP-TEXT-PART").level(), "AP-TEXT-PART", rules.lint("AP-TEXT-PART").cite(),
							scope, "slot " + slot.name() + " is in the HTML part but not in the text part", textFile, 0));
				}
			}
		}
		return findings;
	}

	private void checkLink(String target, String file, String scope, List<Finding> findings) {
		URI uri;
		try {
			uri = new URI(target.strip());
		}
		catch (URISyntaxException ex) {
			findings.add(finding("AP-LINK-DOMAIN", scope, "a link that is not a valid address: " + target, file, target));
			return;
		}
		String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
		if (!"https".equalsIgnoreCase(uri.getScheme()) || host == null) {
			findings.add(finding("AP-LINK-DOMAIN", scope, "a link that is not https: " + target, file, target));
			return;
		}
		if (SHORTENERS.contains(stripWww(host)) || TRACKING.matcher(target).find()) {
			findings.add(finding("AP-SHORTENER", scope, "a shortened or redirecting link: " + target, file, target));
		}
		if (!allowed(host)) {
			findings.add(finding("AP-LINK-DOMAIN", scope, "a link to " + host + ", which is not the official domain "
					+ campaign.officialDomain() + " (nor in compliance.allowed_link_domains)", file, target));
		}
	}

	private boolean allowed(String host) {
		List<String> domains = new ArrayList<>(campaign.compliance().allowedLinkDomains());
		domains.add(campaign.officialDomain());
		return domains.stream().anyMatch(domain -> host.equals(domain) || host.endsWith("." + domain));
	}

	private void checkCredentials(String part, List<SlotUse> slots, String file, String scope, List<Finding> findings) {
		String outsideStatement = part;
		for (SlotUse slot : slots) {
			if (slot.name().equals(STATEMENT_SLOT)) {
				outsideStatement = outsideStatement.replace(slot.content(), " ");
			}
		}
		Matcher request = DisplayText.CREDENTIAL_REQUEST.matcher(visibleText(outsideStatement));
		while (request.find()) {
			findings.add(finding("AP-CREDENTIALS", scope, "asks for credentials outside the anti-phishing statement: '"
					+ request.group() + "'", file, request.group(3)));
		}
	}

	private Finding finding(String ruleId, String scope, String message, String file, String needle) {
		LintRule rule = rules.lint(ruleId);
		return new Finding(rule.level(), ruleId, rule.cite(), scope, message, file, lines.lineOf(file, needle));
	}

	static boolean hasContent(List<SlotUse> slots, String name) {
		return slots.stream().anyMatch(slot -> slot.name().equals(name) && !slot.visibleText().isEmpty());
	}

	static String visibleText(String html) {
		return html.replaceAll("<[^>]*>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
			.replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ");
	}

	private static String host(String target) {
		try {
			String host = new URI(target.strip()).getHost();
			return host == null ? null : host.toLowerCase(Locale.ROOT);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static String stripWww(String host) {
		return host.startsWith("www.") ? host.substring(4) : host;
	}

	private static String firstNonNull(String... values) {
		for (String value : values) {
			if (value != null) {
				return value;
			}
		}
		return "";
	}

}
