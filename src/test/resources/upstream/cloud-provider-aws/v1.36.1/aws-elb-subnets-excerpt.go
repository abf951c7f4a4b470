// Excerpt, verbatim, of k8s.io/cloud-provider-aws v1.36.1 pkg/providers/v1/aws.go (commit 7656c21bcc13700566830f6bc4d753063513e6f7)
// lines 1670-1773 (func findELBSubnets) and 1859-1902 (func isSubnetPublic): how the service controller picks load balancer subnets.
func (c *Cloud) findELBSubnets(ctx context.Context, internalELB bool) ([]string, error) {
	vpcIDFilter := newEc2Filter("vpc-id", c.vpcID)

	subnets, err := c.findSubnets(ctx)
	if err != nil {
		return nil, err
	}

	rRequest := &ec2.DescribeRouteTablesInput{}
	rRequest.Filters = []ec2types.Filter{vpcIDFilter}
	rt, err := c.ec2.DescribeRouteTables(ctx, rRequest)
	if err != nil {
		return nil, fmt.Errorf("error describe route table: %q", err)
	}

	subnetsByAZ := make(map[string]ec2types.Subnet)
	for _, subnet := range subnets {
		az := aws.ToString(subnet.AvailabilityZone)
		id := aws.ToString(subnet.SubnetId)
		if az == "" || id == "" {
			klog.Warningf("Ignoring subnet with empty az/id: %v", subnet)
			continue
		}

		isPublic, err := isSubnetPublic(rt, id)
		if err != nil {
			return nil, err
		}
		if !internalELB && !isPublic {
			klog.V(2).Infof("Ignoring private subnet for public ELB %q", id)
			continue
		}

		existing, exists := subnetsByAZ[az]
		if !exists {
			subnetsByAZ[az] = subnet
			continue
		}

		// Try to break the tie using the role tag
		var tagName string
		if internalELB {
			tagName = TagNameSubnetInternalELB
		} else {
			tagName = TagNameSubnetPublicELB
		}

		_, existingHasTag := findTag(existing.Tags, tagName)
		_, subnetHasTag := findTag(subnet.Tags, tagName)

		if existingHasTag != subnetHasTag {
			if subnetHasTag {
				subnetsByAZ[az] = subnet
			}
			continue
		}

		// Prefer the one with the cluster Tag
		existingHasClusterTag := c.tagging.hasClusterTag(existing.Tags)
		subnetHasClusterTag := c.tagging.hasClusterTag(subnet.Tags)
		if existingHasClusterTag != subnetHasClusterTag {
			if subnetHasClusterTag {
				subnetsByAZ[az] = subnet
			}
			continue
		}

		// If we have two subnets for the same AZ we arbitrarily choose the one that is first lexicographically.
		if strings.Compare(*existing.SubnetId, *subnet.SubnetId) > 0 {
			klog.Warningf("Found multiple subnets in AZ %q; choosing %q between subnets %q and %q", az, *subnet.SubnetId, *existing.SubnetId, *subnet.SubnetId)
			subnetsByAZ[az] = subnet
			continue
		}

		klog.Warningf("Found multiple subnets in AZ %q; choosing %q between subnets %q and %q", az, *existing.SubnetId, *existing.SubnetId, *subnet.SubnetId)
		continue
	}

	var azNames []string
	for key := range subnetsByAZ {
		azNames = append(azNames, key)
	}

	sort.Strings(azNames)

	zoneNameToDetails, err := c.zoneCache.getZoneDetailsByNames(ctx, azNames)
	if err != nil {
		return nil, fmt.Errorf("error get availability zone types: %q", err)
	}

	var subnetIDs []string
	for _, zone := range azNames {
		azType, found := zoneNameToDetails[zone]
		if found && azType.zoneType != regularAvailabilityZoneType {
			// take subnets only from zones with `availability-zone` type
			// because another zone types (like local, wavelength and outpost zones)
			// does not support NLB/CLB for the moment, only ALB.
			continue
		}
		subnetIDs = append(subnetIDs, aws.ToString(subnetsByAZ[zone].SubnetId))
	}

	return subnetIDs, nil
}

func isSubnetPublic(rt []ec2types.RouteTable, subnetID string) (bool, error) {
	var subnetTable *ec2types.RouteTable
	for _, table := range rt {
		for _, assoc := range table.Associations {
			if aws.ToString(assoc.SubnetId) == subnetID {
				subnetTable = &table
				break
			}
		}
	}

	if subnetTable == nil {
		// If there is no explicit association, the subnet will be implicitly
		// associated with the VPC's main routing table.
		for _, table := range rt {
			for _, assoc := range table.Associations {
				if aws.ToBool(assoc.Main) == true {
					klog.V(4).Infof("Assuming implicit use of main routing table %s for %s",
						aws.ToString(table.RouteTableId), subnetID)
					subnetTable = &table
					break
				}
			}
		}
	}

	if subnetTable == nil {
		return false, fmt.Errorf("could not locate routing table for subnet %s", subnetID)
	}

	for _, route := range subnetTable.Routes {
		// There is no direct way in the AWS API to determine if a subnet is public or private.
		// A public subnet is one which has an internet gateway route
		// we look for the gatewayId and make sure it has the prefix of igw to differentiate
		// from the default in-subnet route which is called "local"
		// or other virtual gateway (starting with vgv)
		// or vpc peering connections (starting with pcx).
		if strings.HasPrefix(aws.ToString(route.GatewayId), "igw") {
			return true, nil
		}
	}

	return false, nil
}
