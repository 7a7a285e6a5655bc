"""A client's reply read as its reader sees it: raw bytes and headers, MIME parts, the HTML and CSS
as painted on screen, the words of the reply and the names in it. Pure functions of the message:
no git, no project, no renderer; `flows/approval.py` decides what a reading means for a change."""
