NOTICE OF DATA BREACH

<#if recipient.name?has_content>Dear ${recipient.name},<#else>Hello,</#if>

You are receiving this notice as an administrator of ${organization.name} (${organization.id}). A security incident at an analytics vendor affected limited information about ${organization.affected_people} user(s) of your organization's API accounts. Each affected user also receives an individual notice.

IMPORTANT: We will never ask for your password, API keys or verification codes by e-mail, chat or phone. This message contains no links and no attachments.

WHAT HAPPENED
${incident.summary}
Date of the unauthorized access: ${incident.unauthorized_access}
Date we learned that your organization's data was involved: ${incident.controller_learned}

WHAT INFORMATION WAS INVOLVED
<#list data_involved as item>- ${item}
</#list>
Not involved:
<#list data_not_involved as item>- ${item}
</#list>

HOW THE DATA WAS PROTECTED
<#list security_measures as item>- ${item}
</#list>

POSSIBLE CONSEQUENCES
<#list likely_consequences as item>- ${item}
</#list>

WHAT WE ARE DOING
<#list measures_taken as item>- ${item}
</#list>

WHAT YOU CAN DO
<#list recipient_actions as item>- ${item}
</#list>

FOR MORE INFORMATION
${controller.name}: ${controller.email}<#if controller.phone?has_content>, ${controller.phone}</#if>
Data Protection Officer: ${dpo.name}, ${dpo.email}
Our security page: type ${controller.url} into your browser yourself.

Date of this notice: ${incident.notice_date}
