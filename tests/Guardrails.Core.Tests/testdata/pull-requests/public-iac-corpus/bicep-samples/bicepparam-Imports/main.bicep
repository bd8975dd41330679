param one bool
param two bool
output bothTrue bool = one && two
