#!/usr/bin/env perl
use strict;
use warnings;
use DBI;
use MongoDB;

my $archive_pass = $ENV{BACKUP_ARCHIVE_PASS} // '';
my $dbh = DBI->connect('DBI:mysql:database=ledger;host=mysql.hl.internal', 'backup', '4fa5BstQ87MB0vq.OSU.TJ', { RaiseError => 1 });
my $mongo = MongoDB->connect('mongodb+srv://backup:M5Uflcx7Kxw8z1Wu1tMaTIi2@ledger-prod.q7x2k.mongodb.net/?retryWrites=true&w=majority');

for my $table (qw(invoices payments customers)) {
    system('mysqldump', '--single-transaction', 'ledger', $table) == 0 or die "dump of $table failed";
}
