Notice of Data Breach: limited information about users of ${organization.name} was exposed
