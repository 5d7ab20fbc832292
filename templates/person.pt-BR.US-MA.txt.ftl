<@slot name="title">AVISO DE INCIDENTE DE SEGURANÇA</@slot>

<#if recipient.name?has_content>Olá, ${recipient.name},<#else>Olá,</#if>

<@slot name="subjects_info">Escrevemos para informar sobre um incidente que pode ter envolvido informações limitadas da sua conta da API<#if organizations?has_content> (${organizations?join("; ")})</#if>.</@slot>
<@slot name="controller_identity">Este aviso é enviado por ${controller.name}, operadora da plataforma de API.</@slot>

<@slot name="anti_phishing_statement">IMPORTANTE: Nunca pedimos sua senha, chaves de API ou códigos de verificação por e-mail, chat ou telefone. Esta mensagem não contém links nem anexos.</@slot>

<@slot name="incident_date">Data do acesso não autorizado: ${incident.unauthorized_access}</@slot>
<@slot name="knowledge_date">Data em que soubemos que seus dados foram afetados: ${incident.controller_learned}</@slot>

QUAIS DADOS FORAM AFETADOS
<@slot name="data_categories"><#list data_involved as item>- ${item}
</#list>
Não foram afetados:
<#list data_not_involved as item>- ${item}
</#list></@slot>

COMO OS DADOS ERAM PROTEGIDOS
<@slot name="security_measures"><#list security_measures as item>- ${item}
</#list></@slot>

RISCOS E POSSÍVEIS IMPACTOS
<@slot name="likely_consequences"><#list likely_consequences as item>- ${item}
</#list></@slot>

O QUE ESTAMOS FAZENDO
<@slot name="remediation_measures"><#list measures_taken as item>- ${item}
</#list></@slot>

O QUE VOCÊ PODE FAZER
<@slot name="subject_actions"><#list recipient_actions as item>- ${item}
</#list></@slot>

SEUS DIREITOS PELA LEI DE MASSACHUSETTS
<@slot name="police_report_right">Você tem o direito de obter um boletim de ocorrência policial sobre este incidente. Se for vítima de roubo de identidade, também tem o direito de registrar um boletim de ocorrência e obter uma cópia dele.</@slot>
<@slot name="security_freeze_info">Você pode bloquear (security freeze) o seu relatório de crédito, sem custo. O bloqueio impede que uma agência de informações de crédito divulgue seu relatório sem a sua autorização. Entre em contato com cada uma das três agências por telefone ou correio (nunca por links recebidos em e-mails):
- Equifax Security Freeze, P.O. Box 105788, Atlanta, GA 30348, 1-888-298-0045
- Experian Security Freeze, P.O. Box 9554, Allen, TX 75013, 1-888-397-3742
- TransUnion Security Freeze, P.O. Box 2000, Chester, PA 19016, 1-888-909-8872
Para solicitar o bloqueio, informe seu nome completo, endereço, data de nascimento, número do Social Security, os endereços onde morou nos últimos cinco anos, e envie cópia de um documento de identidade oficial e de uma conta de consumo ou extrato bancário recente. As agências devem aplicar o bloqueio em até um dia útil após um pedido por telefone ou online, ou três dias úteis após um pedido por correio, e depois confirmá-lo por escrito, com o que for preciso para desbloqueá-lo mais tarde.</@slot>

MAIS INFORMAÇÕES
<@slot name="contact_point">${controller.name}: ${controller.email}<#if controller.phone?has_content>, ${controller.phone}</#if></@slot>
<@slot name="dpo_contact">Encarregado pelo tratamento de dados pessoais (DPO): ${dpo.name}, ${dpo.email}</@slot>
Nossa página de segurança: digite ${controller.url} no seu navegador.

<@slot name="notice_date">Data deste aviso: ${incident.notice_date}</@slot>
