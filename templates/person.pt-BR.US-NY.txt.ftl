<@slot name="title">AVISO DE INCIDENTE DE SEGURANÇA</@slot>

<#if recipient.name?has_content>Olá, ${recipient.name},<#else>Olá,</#if>

<@slot name="subjects_info">Escrevemos para informar sobre um incidente de segurança em um fornecedor de análise de dados que afetou informações limitadas da sua conta da API<#if organizations?has_content> (${organizations?join("; ")})</#if>.</@slot>
<@slot name="controller_identity">Este aviso é enviado por ${controller.name}, operadora da plataforma de API.</@slot>

<@slot name="anti_phishing_statement">IMPORTANTE: Nunca pedimos sua senha, chaves de API ou códigos de verificação por e-mail, chat ou telefone. Esta mensagem não contém links nem anexos.</@slot>

O QUE ACONTECEU
<@slot name="incident_description">${incident.summary}</@slot>
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

ÓRGÃOS ESTADUAIS E FEDERAIS QUE PODEM AJUDAR
<@slot name="agency_contacts">Para informações sobre como prevenir o roubo de identidade, entre em contato com (digite o endereço no seu navegador):
- Procuradoria-Geral do Estado de Nova York (New York State Attorney General): 1-800-771-7755, ag.ny.gov
- Departamento de Estado de Nova York, Divisão de Proteção ao Consumidor: 1-800-697-1220, dos.ny.gov
- Federal Trade Commission (FTC): 1-877-438-4338, identitytheft.gov</@slot>

MAIS INFORMAÇÕES
<@slot name="contact_point">${controller.name}: ${controller.email}<#if controller.phone?has_content>, ${controller.phone}</#if></@slot>
<@slot name="dpo_contact">Encarregado pelo tratamento de dados pessoais (DPO): ${dpo.name}, ${dpo.email}</@slot>
Nossa página de segurança: digite ${controller.url} no seu navegador.

<@slot name="notice_date">Data deste aviso: ${incident.notice_date}</@slot>
