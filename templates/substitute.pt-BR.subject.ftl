Aviso de incidente de segurança: um fornecedor de análise expôs dados limitados de contas da API
