Important information about your API account
