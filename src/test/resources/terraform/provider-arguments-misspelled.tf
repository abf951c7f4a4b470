# ProviderArgumentsTest's negative case: each marked line is something the AWS provider's documentation does not
# list, and the check must name it.
resource "aws_vpc" "network" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostname  = true # misspelled: enable_dns_hostnames
  count                = 1
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_autoscaling_group" "workers" {
  min_size = 1
  max_size = 2
  dynamic "tag" {
    for_each = { Name = "w" }
    content {
      key                 = tag.key
      value               = tag.value
      propagate_on_launch = true # misspelled: propagate_at_launch
    }
  }
  launch_template {
    id      = "lt-1"
    version = "$Latest"
  }
  instance_refresh_policy { # not a block of aws_autoscaling_group
    strategy = "Rolling"
  }
}

data "aws_no_such_thing" "x" {
  name = "y"
}

resource "null_resource" "ignored" {
  anything = true
}
