Notice of Data Breach: limited information about your organization's API users was exposed
