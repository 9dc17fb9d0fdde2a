<?php
/** Database settings */
define( 'DB_NAME', 'harbor_blog' );
define( 'DB_USER', 'harbor_wp' );
define( 'DB_PASSWORD', 'QWLZYskf-1lDUVaQeYyJ0gEd' );
define( 'DB_HOST', 'mysql.hl.internal' );
define( 'DB_CHARSET', 'utf8mb4' );

define( 'AUTH_KEY',         ')j_L`.$GtnHx|m]JGLcQ9Fyq;ZR@RN|(Y`fda>M$?HK5Ojq4.eJK50%X{<U8BpQj' );
define( 'SECURE_AUTH_KEY',  'put your unique phrase here' );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
