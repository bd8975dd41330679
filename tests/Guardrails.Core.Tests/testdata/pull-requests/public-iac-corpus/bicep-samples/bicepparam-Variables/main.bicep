param foo string

param fooObj object

param bar string
