using none

param three = 'param three'
