AVISO DE INCIDENTE DE SEGURANÇA

<#if recipient.name?has_content>Olá, ${recipient.name},<#else>Olá,</#if>

Escrevemos para informar sobre um incidente de segurança em um fornecedor de análise de dados que afetou informações limitadas da sua conta da API<#if organizations?has_content> (${organizations?join("; ")})</#if>.

IMPORTANTE: Nunca pedimos sua senha, chaves de API ou códigos de verificação por e-mail, chat ou telefone. Esta mensagem não contém links nem anexos.

O QUE ACONTECEU
${incident.summary}
Data do acesso não autorizado: ${incident.unauthorized_access}
Data em que soubemos que seus dados foram afetados: ${incident.controller_learned}

QUAIS DADOS FORAM AFETADOS
<#list data_involved as item>- ${item}
</#list>
Não foram afetados:
<#list data_not_involved as item>- ${item}
</#list>

COMO OS DADOS ERAM PROTEGIDOS
<#list security_measures as item>- ${item}
</#list>

RISCOS E POSSÍVEIS IMPACTOS
<#list likely_consequences as item>- ${item}
</#list>

O QUE ESTAMOS FAZENDO
<#list measures_taken as item>- ${item}
</#list>

O QUE VOCÊ PODE FAZER
<#list recipient_actions as item>- ${item}
</#list>

MAIS INFORMAÇÕES
${controller.name}: ${controller.email}<#if controller.phone?has_content>, ${controller.phone}</#if>
Encarregado pelo tratamento de dados pessoais (DPO): ${dpo.name}, ${dpo.email}
Nossa página de segurança: digite ${controller.url} no seu navegador.

Data deste aviso: ${incident.notice_date}
