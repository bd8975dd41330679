param one string = ''
param two string = ''
param three string = ''
