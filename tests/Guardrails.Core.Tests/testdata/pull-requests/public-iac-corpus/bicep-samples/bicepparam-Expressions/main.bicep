param myString string
param myInt int
param myBool bool
param myArray array
param myObject object
@secure()
param kvSecret string
@secure()
param kvSecretExpression string
