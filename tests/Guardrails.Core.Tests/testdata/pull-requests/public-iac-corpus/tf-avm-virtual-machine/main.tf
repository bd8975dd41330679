#get the resource group information 
