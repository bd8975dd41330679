@export()
var foo = 'bar'

@export()
type fizz = 'buzz'
