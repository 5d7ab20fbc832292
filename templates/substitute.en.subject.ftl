Notice of Data Breach: an analytics vendor exposed limited information about API accounts
