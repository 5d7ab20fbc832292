<@slot name="title">NOTICE OF DATA BREACH</@slot>

<#if recipient.name?has_content>Dear ${recipient.name},<#else>Hello,</#if>

<@slot name="subjects_info">We are writing to tell you about an incident that may have involved limited information about your API account<#if organizations?has_content> (${organizations?join("; ")})</#if>.</@slot>
<@slot name="controller_identity">This notice comes from ${controller.name}, which operates the API platform.</@slot>

<@slot name="anti_phishing_statement">IMPORTANT: We will never ask for your password, API keys or verification codes by e-mail, chat or phone. This message contains no links and no attachments.</@slot>

<@slot name="incident_date">Date of the unauthorized access: ${incident.unauthorized_access}</@slot>
<@slot name="knowledge_date">Date we learned that your data was involved: ${incident.controller_learned}</@slot>

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

YOUR RIGHTS UNDER MASSACHUSETTS LAW
<@slot name="police_report_right">You have the right to obtain a police report regarding this incident. If you are the victim of identity theft, you also have the right to file a police report and obtain a copy of it.</@slot>
<@slot name="security_freeze_info">You may place a security freeze on your consumer report, free of charge. A freeze prevents a consumer reporting agency from releasing your report without your authorization. Contact each of the three agencies by phone or mail (not through links in any e-mail):
- Equifax Security Freeze, P.O. Box 105788, Atlanta, GA 30348, 1-888-298-0045
- Experian Security Freeze, P.O. Box 9554, Allen, TX 75013, 1-888-397-3742
- TransUnion Security Freeze, P.O. Box 2000, Chester, PA 19016, 1-888-909-8872
To request a freeze, give your full name, address, date of birth, Social Security number, the addresses where you lived in the past five years, and a copy of a government-issued ID and of a recent utility bill or bank statement. The agencies must place the freeze within one business day of a request by phone or online, or three business days of one by mail, and then confirm it to you in writing, with what you need to lift it later.</@slot>

FOR MORE INFORMATION
<@slot name="contact_point">${controller.name}: ${controller.email}<#if controller.phone?has_content>, ${controller.phone}</#if></@slot>
<@slot name="dpo_contact">Data Protection Officer: ${dpo.name}, ${dpo.email}</@slot>
Our security page: type ${controller.url} into your browser yourself.

<@slot name="notice_date">Date of this notice: ${incident.notice_date}</@slot>
