#Future functionality for aliasing common OS versions
# locals {
#   os_map = {
#     ubuntu = {
#       publisher = "Canonical"
#       v1_offer  = "UbuntuServer"
#
#     }
#   }
# }
