"""Documents the portal generates for people to keep: spreadsheets now; PDFs and QR codes as
they are shared by more than one app.

The lowest layer beside `accounts`: any app may import it, it imports no app of the portal.
Heavy libraries (openpyxl, WeasyPrint) are imported by the modules that use them.
"""
