-- Every partition starts without bmcNetworks, so every BMC known so far lies outside them: none is
-- contacted until an operator sets the partition's bmcNetworks (or approves the address). The
-- embedded lab's partition gets loopback from the demo seed, which recomputes this flag.
UPDATE "machine_bmcs" SET "outside_bmc_networks" = true;
