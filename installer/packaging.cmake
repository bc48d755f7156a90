# CPack: a .deb and a .tar.gz with both executables, the .desktop file and the icon.
