Informações importantes sobre a sua conta da API
