<@slot name="title">AVISO DE INCIDENTE DE SEGURANÇA</@slot>

<#if recipient.name?has_content>Olá, ${recipient.name},<#else>Olá,</#if>

<@slot name="subjects_info">Você recebe este aviso como administrador(a) de <#if organization.name?has_content>${organization.name}<#if organization.id?has_content && organization.id != organization.name> (${organization.id})</#if><#else>uma organização na nossa plataforma de API</#if>. Um incidente de segurança em um fornecedor de análise de dados afetou informações limitadas de ${organization.affected_people} usuário(s) das contas da API da sua organização. Cada usuário afetado também recebe um aviso individual.</@slot>
<@slot name="controller_identity">Este aviso é enviado por ${controller.name}, operadora da plataforma de API.</@slot>

<@slot name="anti_phishing_statement">IMPORTANTE: Nunca pedimos sua senha, chaves de API ou códigos de verificação por e-mail, chat ou telefone. Esta mensagem não contém links nem anexos.</@slot>

O QUE ACONTECEU
<@slot name="incident_description">${incident.summary}</@slot>
<@slot name="incident_date">Data do acesso não autorizado: ${incident.unauthorized_access}</@slot>
<@slot name="knowledge_date">Data em que soubemos que os dados da sua organização foram afetados: ${incident.controller_learned}</@slot>

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

MAIS INFORMAÇÕES
<@slot name="contact_point">${controller.name}: ${controller.email}<#if controller.phone?has_content>, ${controller.phone}</#if></@slot>
<@slot name="dpo_contact">Encarregado pelo tratamento de dados pessoais (DPO): ${dpo.name}, ${dpo.email}</@slot>
Nossa página de segurança: digite ${controller.url} no seu navegador.

<@slot name="notice_date">Data deste aviso: ${incident.notice_date}</@slot>
