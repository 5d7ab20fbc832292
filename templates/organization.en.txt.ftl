<@slot name="title">NOTICE OF DATA BREACH</@slot>

<#if recipient.name?has_content>Dear ${recipient.name},<#else>Hello,</#if>

<@slot name="subjects_info">You are receiving this notice as an administrator of <#if organization.name?has_content>${organization.name}<#if organization.id?has_content && organization.id != organization.name> (${organization.id})</#if><#else>an organization on our API platform</#if>. A security incident at an analytics vendor affected limited information about ${organization.affected_people} user(s) of your organization's API accounts. Each affected user also receives an individual notice.</@slot>
<@slot name="controller_identity">This notice comes from ${controller.name}, which operates the API platform.</@slot>

<@slot name="anti_phishing_statement">IMPORTANT: We will never ask for your password, API keys or verification codes by e-mail, chat or phone. This message contains no links and no attachments.</@slot>

WHAT HAPPENED
<@slot name="incident_description">${incident.summary}</@slot>
<@slot name="incident_date">Date of the unauthorized access: ${incident.unauthorized_access}</@slot>
<@slot name="knowledge_date">Date we learned that your organization's data was involved: ${incident.controller_learned}</@slot>

WHAT INFORMATION WAS INVOLVED
<@slot name="data_categories"><#list data_involved as item>- ${item}
</#list>
Not involved:
<#list data_not_involved as item>- ${item}
</#list></@slot>

HOW THE DATA WAS PROTECTED
<@slot name="security_measures"><#list security_measures as item>- ${item}
</#list></@slot>

POSSIBLE CONSEQUENCES
<@slot name="likely_consequences"><#list likely_consequences as item>- ${item}
</#list></@slot>

WHAT WE ARE DOING
<@slot name="remediation_measures"><#list measures_taken as item>- ${item}
</#list></@slot>

WHAT YOU CAN DO
<@slot name="subject_actions"><#list recipient_actions as item>- ${item}
</#list></@slot>

FOR MORE INFORMATION
<@slot name="contact_point">${controller.name}: ${controller.email}<#if controller.phone?has_content>, ${controller.phone}</#if></@slot>
<@slot name="dpo_contact">Data Protection Officer: ${dpo.name}, ${dpo.email}</@slot>
Our security page: type ${controller.url} into your browser yourself.

<@slot name="notice_date">Date of this notice: ${incident.notice_date}</@slot>
