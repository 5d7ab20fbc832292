package org.example.breachnotice.render;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import freemarker.core.Environment;
import freemarker.template.TemplateDirectiveBody;
import freemarker.template.TemplateDirectiveModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateScalarModel;

/**
 * The {@code <@slot name="...">...</@slot>} directive that templates use to mark their legally
 * meaningful sections. It writes its body unchanged (recipients see nothing of it) and records
 * the slot's name, rendered content, template and line, which is what preflight checks. A notice
 * rendered to be sent records nothing: its slots' bodies go straight to the output.
 */
final class SlotRecorder implements TemplateDirectiveModel {

	/** Null when nothing is recorded. */
	private final List<SlotUse> uses;

	private SlotRecorder(List<SlotUse> uses) {
		this.uses = uses;
	}

	static SlotRecorder recording() {
		return new SlotRecorder(new ArrayList<>());
	}

	static SlotRecorder passingThrough() {
		return new SlotRecorder(null);
	}

	@Override
	public void execute(Environment env, @SuppressWarnings("rawtypes") Map params, TemplateModel[] loopVars,
			TemplateDirectiveBody body) throws TemplateException, IOException {
		Object name = params.get("name");
		if (!(name instanceof TemplateScalarModel scalar) || params.size() != 1) {
			throw new IllegalArgumentException("write a slot as <@slot name=\"data_categories\">...</@slot>");
		}
		if (uses == null) {
			if (body != null) {
				body.render(env.getOut());
			}
			return;
		}
		StringWriter content = new StringWriter();
		if (body != null) {
			body.render(content);
		}
		uses.add(new SlotUse(scalar.getAsString(), content.toString(), env.getCurrentTemplate().getSourceName(),
				env.getCurrentDirectiveCallPlace().getBeginLine()));
		env.getOut().write(content.toString());
	}

	List<SlotUse> uses() {
		return uses == null ? List.of() : List.copyOf(uses);
	}

}
