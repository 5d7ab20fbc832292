package org.example.breachnotice.support;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

/**
 * The tool's own HTML pages (the incident report, the preflight report), rendered from the
 * FreeMarker templates in the jar's {@code report/} folder with HTML auto-escaping ({@code .ftlh}).
 * Not the notices' legal templates in {@code templates/}: the renderer locks those down.
 */
public final class ReportTemplates {

	private static final Configuration CONFIGURATION = configuration();

	private ReportTemplates() {
	}

	/** @param model strings, numbers, booleans, lists and maps only */
	public static String render(String template, Map<String, Object> model) throws IOException {
		try {
			StringWriter out = new StringWriter();
			CONFIGURATION.getTemplate(template).process(model, out);
			return out.toString();
		}
		catch (TemplateException ex) {
			throw new IllegalStateException("The template report/" + template + " failed: " + ex.getMessage(), ex);
		}
	}

	private static Configuration configuration() {
		Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
		configuration.setClassForTemplateLoading(ReportTemplates.class, "/report");
		configuration.setDefaultEncoding("UTF-8");
		configuration.setRecognizeStandardFileExtensions(true);
		// Numbers as they are: "1234", never "1,234".
		configuration.setNumberFormat("computer");
		configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
		configuration.setLogTemplateExceptions(false);
		return configuration;
	}

}
