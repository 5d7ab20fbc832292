Aviso de incidente de segurança: dados limitados de usuários da API da sua organização foram expostos
