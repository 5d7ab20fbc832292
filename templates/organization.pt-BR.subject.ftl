Aviso de incidente de segurança: dados limitados de usuários de ${organization.name} foram expostos
