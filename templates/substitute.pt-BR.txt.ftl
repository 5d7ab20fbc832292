<@slot name="title">AVISO DE INCIDENTE DE SEGURANÇA</@slot>

Aos usuários da nossa plataforma de API:

<@slot name="subjects_info">Publicamos este aviso para os usuários da nossa plataforma de API que não conseguimos contatar por e-mail: um incidente de segurança em um fornecedor de análise de dados afetou informações limitadas das suas contas da API. Se você recebeu nosso e-mail sobre o assunto, este aviso diz o mesmo.</@slot>
<@slot name="controller_identity">Este aviso é enviado por ${controller.name}, operadora da plataforma de API.</@slot>

<@slot name="anti_phishing_statement">IMPORTANTE: Nunca pedimos sua senha, chaves de API ou códigos de verificação por e-mail, chat ou telefone. Publicamos este aviso apenas no nosso próprio site e não enviamos links para ele.</@slot>

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

MAIS INFORMAÇÕES
<@slot name="contact_point">${controller.name}: ${controller.email}<#if controller.phone?has_content>, ${controller.phone}</#if></@slot>
<@slot name="dpo_contact">Encarregado pelo tratamento de dados pessoais (DPO): ${dpo.name}, ${dpo.email}</@slot>
Nossa página de segurança: digite ${controller.url} no seu navegador.

<@slot name="notice_date">Data deste aviso: ${incident.notice_date}</@slot>
