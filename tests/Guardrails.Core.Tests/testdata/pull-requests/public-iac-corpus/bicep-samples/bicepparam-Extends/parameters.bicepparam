using 'main.bicep'

extends 'shared.bicepparam'

param one = 'param one'
param two = 'param two'
