Aviso de incidente de segurança: um fornecedor de análise expôs dados limitados da sua conta da API
