package rest

import (
	"net/http"

	"github.com/pandac/pandac/internal/auth"
)

// Route is one operation of the shim: where it answers, what the caller
// needs, what it answers on success, and its handler. The router and the
// OpenAPI document are both built from Routes.
type Route struct {
	Method      string
	Path        string // full path under Prefix, as documented
	OperationID string
	// Perms are the permissions of the equivalent GraphQL field: the caller
	// needs any one of them. Public routes need no token at all.
	Perms   []auth.Permission
	Public  bool
	Status  int
	Handler func(*call) (any, error)
}

const (
	permRead    = auth.PermRead
	permWrite   = auth.PermWrite
	permPOS     = auth.PermPOS
	permReports = auth.PermReports
	permAdmin   = auth.PermAdmin
)

func perms(p ...auth.Permission) []auth.Permission { return p }

var (
	anyRead     = perms(permRead)
	anyWrite    = perms(permWrite)
	anyAdmin    = perms(permAdmin)
	posOrRep    = perms(permPOS, permReports)
	posOnly     = perms(permPOS)
	posOrWrite  = perms(permPOS, permWrite)
	writeOrRep  = perms(permWrite, permReports)
	reportsOnly = perms(permReports)
)

const (
	ok      = http.StatusOK
	created = http.StatusCreated
	noBody  = http.StatusNoContent
)

// Routes is the table of every /v1 operation.
func Routes() []Route {
	return []Route{
		// Authentication.
		{"POST", "/v1/auth/login", "login_v1_auth_login_post", nil, true, ok, (*call).login},
		{"POST", "/v1/auth/register", "register_v1_auth_register_post", nil, true, created, (*call).register},
		// Logout needs a signed-in caller (any role): it revokes their token.
		{"POST", "/v1/auth/logout", "logout_v1_auth_logout_post", nil, false, ok, (*call).logout},
		{"POST", "/v1/auth/refresh", "refresh_token_v1_auth_refresh_post", nil, true, ok, (*call).refresh},

		// Users and roles.
		{"GET", "/v1/users/", "list_users_v1_users__get", anyAdmin, false, ok, (*call).listUsers},
		{"POST", "/v1/users/", "create_user_v1_users__post", anyAdmin, false, ok, (*call).createUser},
		{"GET", "/v1/users/{user_id}", "get_user_v1_users__user_id__get", anyAdmin, false, ok, (*call).getUser},
		{"PUT", "/v1/users/{user_id}", "update_user_v1_users__user_id__put", anyAdmin, false, ok, (*call).updateUser},
		{"DELETE", "/v1/users/{user_id}", "delete_user_v1_users__user_id__delete", anyAdmin, false, noBody, (*call).deleteUser},
		{"GET", "/v1/roles/", "read_roles_v1_roles__get", anyAdmin, false, ok, (*call).listRoles},
		{"POST", "/v1/roles/", "create_role_v1_roles__post", anyAdmin, false, created, (*call).createRole},
		{"GET", "/v1/roles/{role_id}", "read_role_v1_roles__role_id__get", anyAdmin, false, ok, (*call).getRole},
		{"PUT", "/v1/roles/{role_id}", "update_role_v1_roles__role_id__put", anyAdmin, false, ok, (*call).updateRole},
		{"DELETE", "/v1/roles/{role_id}", "delete_role_v1_roles__role_id__delete", anyAdmin, false, noBody, (*call).deleteRole},

		// Products.
		{"GET", "/v1/products/", "read_products_v1_products__get", anyRead, false, ok, (*call).listProducts},
		{"POST", "/v1/products/", "create_product_v1_products__post", anyWrite, false, created, (*call).createProduct},
		{"PUT", "/v1/products/{product_id}", "update_product_v1_products__product_id__put", anyWrite, false, ok, (*call).updateProduct},
		{"GET", "/v1/products/{product_id}", "read_product_v1_products__product_id__get", anyRead, false, ok, (*call).getProduct},
		{"DELETE", "/v1/products/{product_id}", "delete_product_v1_products__product_id__delete", anyWrite, false, ok, (*call).deleteProduct},

		// Customers.
		{"GET", "/v1/customers/", "read_customers_v1_customers__get", posOrRep, false, ok, (*call).listCustomers},
		{"POST", "/v1/customers/", "create_customer_v1_customers__post", posOrWrite, false, created, (*call).createCustomer},
		{"PUT", "/v1/customers/{customer_id}", "update_customer_v1_customers__customer_id__put", posOrWrite, false, ok, (*call).updateCustomer},
		{"GET", "/v1/customers/{customer_id}", "read_customer_v1_customers__customer_id__get", posOrRep, false, ok, (*call).getCustomer},
		{"DELETE", "/v1/customers/{customer_id}", "delete_customer_v1_customers__customer_id__delete", anyWrite, false, ok, (*call).deleteCustomer},

		// Sales.
		{"GET", "/v1/sales/", "read_sales_v1_sales__get", posOrRep, false, ok, (*call).listSales},
		{"POST", "/v1/sales/", "create_sale_v1_sales__post", posOnly, false, ok, (*call).createSale},
		{"GET", "/v1/sales/{sale_id}", "read_sale_v1_sales__sale_id__get", posOrRep, false, ok, (*call).getSale},
		{"PUT", "/v1/sales/{sale_id}", "update_sale_v1_sales__sale_id__put", posOnly, false, ok, (*call).updateSale},
		{"DELETE", "/v1/sales/{sale_id}", "delete_sale_v1_sales__sale_id__delete", posOnly, false, noBody, (*call).voidSale},
		{"GET", "/v1/sales/analytics/revenue", "get_revenue_analytics_v1_sales_analytics_revenue_get", reportsOnly, false, ok, (*call).revenueAnalytics},
		{"GET", "/v1/sales/analytics/top-products", "get_top_products_analytics_v1_sales_analytics_top_products_get", reportsOnly, false, ok, (*call).topProducts},
		{"GET", "/v1/sales/daily-summary/{date}", "get_daily_sales_summary_v1_sales_daily_summary__date__get", reportsOnly, false, ok, (*call).dailySummaryPath},
		{"POST", "/v1/sales/{sale_id}/items", "add_sale_item_v1_sales__sale_id__items_post", posOnly, false, ok, (*call).addSaleItem},
		{"GET", "/v1/sales/{sale_id}/items", "get_sale_items_v1_sales__sale_id__items_get", posOrRep, false, ok, (*call).listSaleItems},
		{"POST", "/v1/sales/{sale_id}/payments", "add_payment_v1_sales__sale_id__payments_post", posOnly, false, ok, (*call).addSalePayment},
		{"GET", "/v1/sales/{sale_id}/payments", "get_sale_payments_v1_sales__sale_id__payments_get", posOrRep, false, ok, (*call).listSalePayments},
		// Not in the reference API: the printable receipt, as text/plain.
		{"GET", "/v1/sales/{sale_id}/receipt", "get_sale_receipt_v1_sales__sale_id__receipt_get", posOrRep, false, ok, (*call).receipt},

		// Legacy transactions and payments: the core's Transaction and Payment records.
		{"GET", "/v1/transactions/", "read_transactions_v1_transactions__get", posOrRep, false, ok, (*call).listTransactions},
		{"POST", "/v1/transactions/", "create_transaction_v1_transactions__post", posOnly, false, created, (*call).createTransaction},
		{"GET", "/v1/transactions/{transaction_id}", "read_transaction_v1_transactions__transaction_id__get", posOrRep, false, ok, (*call).getTransaction},
		{"PUT", "/v1/transactions/{transaction_id}", "update_transaction_v1_transactions__transaction_id__put", posOnly, false, ok, (*call).updateTransaction},
		{"DELETE", "/v1/transactions/{transaction_id}", "delete_transaction_v1_transactions__transaction_id__delete", anyAdmin, false, noBody, (*call).deleteTransaction},
		{"GET", "/v1/transactions/{transaction_id}/employee", "get_transaction_employee_v1_transactions__transaction_id__employee_get", posOrRep, false, ok, (*call).transactionEmployee},
		{"GET", "/v1/transactions/{transaction_id}/sale", "get_transaction_sale_v1_transactions__transaction_id__sale_get", posOrRep, false, ok, (*call).transactionSale},
		{"GET", "/v1/transactions/{transaction_id}/payment", "get_transaction_payment_v1_transactions__transaction_id__payment_get", posOrRep, false, ok, (*call).transactionPayment},
		{"GET", "/v1/payments/", "read_payments_v1_payments__get", posOrRep, false, ok, (*call).listPayments},
		{"POST", "/v1/payments/", "create_payment_v1_payments__post", posOnly, false, created, (*call).createPayment},
		{"GET", "/v1/payments/{payment_id}", "read_payment_v1_payments__payment_id__get", posOrRep, false, ok, (*call).getPayment},
		{"PUT", "/v1/payments/{payment_id}", "update_payment_v1_payments__payment_id__put", posOnly, false, ok, (*call).updatePayment},
		{"DELETE", "/v1/payments/{payment_id}", "delete_payment_v1_payments__payment_id__delete", anyAdmin, false, noBody, (*call).deletePayment},

		// Employees.
		{"GET", "/v1/employees/", "read_employees_v1_employees__get", anyAdmin, false, ok, (*call).listEmployees},
		{"POST", "/v1/employees/", "create_employee_v1_employees__post", anyAdmin, false, created, (*call).createEmployee},
		{"GET", "/v1/employees/{employee_id}", "read_employee_v1_employees__employee_id__get", anyAdmin, false, ok, (*call).getEmployee},
		{"PUT", "/v1/employees/{employee_id}", "update_employee_v1_employees__employee_id__put", anyAdmin, false, ok, (*call).updateEmployee},
		{"DELETE", "/v1/employees/{employee_id}", "delete_employee_v1_employees__employee_id__delete", anyAdmin, false, noBody, (*call).deleteEmployee},
		{"GET", "/v1/employees/{employee_id}/transactions", "get_employee_transactions_v1_employees__employee_id__transactions_get", anyAdmin, false, ok, (*call).employeeTransactions},

		// Inventory.
		{"GET", "/v1/inventory/stock-levels/", "get_stock_levels_v1_inventory_stock_levels__get", anyRead, false, ok, (*call).stockLevels},
		{"GET", "/v1/inventory/suppliers/", "read_suppliers_v1_inventory_suppliers__get", anyRead, false, ok, (*call).listSuppliers},
		{"POST", "/v1/inventory/suppliers/", "create_supplier_v1_inventory_suppliers__post", anyWrite, false, created, (*call).createSupplier},
		{"GET", "/v1/inventory/suppliers/search", "search_suppliers_v1_inventory_suppliers_search_get", anyRead, false, ok, (*call).searchSuppliers},
		{"GET", "/v1/inventory/suppliers/{supplier_id}", "read_supplier_v1_inventory_suppliers__supplier_id__get", anyRead, false, ok, (*call).getSupplier},
		{"PUT", "/v1/inventory/suppliers/{supplier_id}", "update_supplier_v1_inventory_suppliers__supplier_id__put", anyWrite, false, ok, (*call).updateSupplier},
		{"DELETE", "/v1/inventory/suppliers/{supplier_id}", "delete_supplier_v1_inventory_suppliers__supplier_id__delete", anyWrite, false, ok, (*call).deleteSupplierWithBody},
		{"GET", "/v1/inventory/purchase-orders/", "read_purchase_orders_v1_inventory_purchase_orders__get", writeOrRep, false, ok, (*call).listPurchaseOrders},
		{"POST", "/v1/inventory/purchase-orders/", "create_purchase_order_v1_inventory_purchase_orders__post", anyWrite, false, created, (*call).createPurchaseOrder},
		{"GET", "/v1/inventory/purchase-orders/pending", "get_pending_orders_v1_inventory_purchase_orders_pending_get", writeOrRep, false, ok, (*call).pendingPurchaseOrders},
		{"GET", "/v1/inventory/purchase-orders/{order_id}", "read_purchase_order_v1_inventory_purchase_orders__order_id__get", writeOrRep, false, ok, (*call).getPurchaseOrderByOrderID},
		{"PUT", "/v1/inventory/purchase-orders/{order_id}", "update_purchase_order_v1_inventory_purchase_orders__order_id__put", anyWrite, false, ok, (*call).updatePurchaseOrderByOrderID},
		{"DELETE", "/v1/inventory/purchase-orders/{order_id}", "delete_purchase_order_v1_inventory_purchase_orders__order_id__delete", anyWrite, false, ok, (*call).deletePurchaseOrderWithBody},
		{"PATCH", "/v1/inventory/purchase-orders/{order_id}/status", "update_order_status_v1_inventory_purchase_orders__order_id__status_patch", anyWrite, false, ok, (*call).patchPurchaseOrderStatus},
		{"POST", "/v1/inventory/restock/{product_id}", "restock_product_v1_inventory_restock__product_id__post", anyWrite, false, ok, (*call).restock},
		{"POST", "/v1/inventory/stock-adjustment/{product_id}", "adjust_stock_v1_inventory_stock_adjustment__product_id__post", anyWrite, false, ok, (*call).adjustStock},

		// Suppliers and purchase orders at their own paths.
		{"GET", "/v1/suppliers/", "read_suppliers_v1_suppliers__get", anyRead, false, ok, (*call).listSuppliers},
		{"POST", "/v1/suppliers/", "create_supplier_v1_suppliers__post", anyWrite, false, created, (*call).createSupplier},
		{"GET", "/v1/suppliers/{supplier_id}", "read_supplier_v1_suppliers__supplier_id__get", anyRead, false, ok, (*call).getSupplier},
		{"PUT", "/v1/suppliers/{supplier_id}", "update_supplier_v1_suppliers__supplier_id__put", anyWrite, false, ok, (*call).updateSupplier},
		{"DELETE", "/v1/suppliers/{supplier_id}", "delete_supplier_v1_suppliers__supplier_id__delete", anyWrite, false, noBody, (*call).deleteSupplier},
		{"GET", "/v1/purchase-orders/", "read_purchase_orders_v1_purchase_orders__get", writeOrRep, false, ok, (*call).listPurchaseOrders},
		{"POST", "/v1/purchase-orders/", "create_purchase_order_v1_purchase_orders__post", anyWrite, false, created, (*call).createPurchaseOrder},
		{"GET", "/v1/purchase-orders/{purchase_order_id}", "read_purchase_order_v1_purchase_orders__purchase_order_id__get", writeOrRep, false, ok, (*call).getPurchaseOrder},
		{"PUT", "/v1/purchase-orders/{purchase_order_id}", "update_purchase_order_v1_purchase_orders__purchase_order_id__put", anyWrite, false, ok, (*call).updatePurchaseOrder},
		{"DELETE", "/v1/purchase-orders/{purchase_order_id}", "delete_purchase_order_v1_purchase_orders__purchase_order_id__delete", anyWrite, false, noBody, (*call).deletePurchaseOrder},

		// Discounts and loyalty programs.
		{"GET", "/v1/discounts/", "read_discounts_v1_discounts__get", anyRead, false, ok, (*call).listDiscounts},
		{"POST", "/v1/discounts/", "create_discount_v1_discounts__post", anyWrite, false, created, (*call).createDiscount},
		{"GET", "/v1/discounts/{discount_id}", "read_discount_v1_discounts__discount_id__get", anyRead, false, ok, (*call).getDiscount},
		{"PUT", "/v1/discounts/{discount_id}", "update_discount_v1_discounts__discount_id__put", anyWrite, false, ok, (*call).updateDiscount},
		{"DELETE", "/v1/discounts/{discount_id}", "delete_discount_v1_discounts__discount_id__delete", anyWrite, false, noBody, (*call).deleteDiscount},
		{"GET", "/v1/loyalty-programs/", "read_loyalty_programs_v1_loyalty_programs__get", anyRead, false, ok, (*call).listLoyalty},
		{"POST", "/v1/loyalty-programs/", "create_loyalty_program_v1_loyalty_programs__post", posOrWrite, false, created, (*call).createLoyalty},
		{"GET", "/v1/loyalty-programs/{program_id}", "read_loyalty_program_v1_loyalty_programs__program_id__get", anyRead, false, ok, (*call).getLoyalty},
		{"PUT", "/v1/loyalty-programs/{program_id}", "update_loyalty_program_v1_loyalty_programs__program_id__put", anyWrite, false, ok, (*call).updateLoyalty},
		{"DELETE", "/v1/loyalty-programs/{program_id}", "delete_loyalty_program_v1_loyalty_programs__program_id__delete", anyWrite, false, noBody, (*call).deleteLoyalty},

		// Reports.
		{"GET", "/v1/reports/sales", "get_sales_report_v1_reports_sales_get", reportsOnly, false, ok, (*call).salesReport},
		{"GET", "/v1/reports/sales/daily", "get_daily_sales_report_v1_reports_sales_daily_get", reportsOnly, false, ok, (*call).dailySummaryQuery},
		{"GET", "/v1/reports/sales/period", "get_period_sales_report_v1_reports_sales_period_get", reportsOnly, false, ok, (*call).periodReport},
		{"GET", "/v1/reports/inventory/stock-levels", "get_inventory_stock_report_v1_reports_inventory_stock_levels_get", reportsOnly, false, ok, (*call).inventoryReport},
		{"GET", "/v1/reports/customers/loyalty", "get_customer_loyalty_report_v1_reports_customers_loyalty_get", reportsOnly, false, ok, (*call).loyaltyReport},
		{"GET", "/v1/reports/financial/profit-loss", "get_profit_loss_report_v1_reports_financial_profit_loss_get", reportsOnly, false, ok, (*call).profitLoss},

		// Notifications and settings.
		{"GET", "/v1/notifications/", "read_notifications_v1_notifications__get", posOrRep, false, ok, (*call).listNotifications},
		{"POST", "/v1/notifications/", "create_notification_v1_notifications__post", anyAdmin, false, created, (*call).createNotification},
		{"GET", "/v1/settings/", "read_settings_v1_settings__get", anyRead, false, ok, (*call).listSettings},
		{"POST", "/v1/settings/", "create_setting_v1_settings__post", anyWrite, false, created, (*call).createSetting},
		{"GET", "/v1/settings/{setting_id}", "read_setting_v1_settings__setting_id__get", anyRead, false, ok, (*call).getSetting},
		{"PUT", "/v1/settings/{setting_id}", "update_setting_v1_settings__setting_id__put", anyWrite, false, ok, (*call).updateSetting},
		{"DELETE", "/v1/settings/{setting_id}", "delete_setting_v1_settings__setting_id__delete", anyWrite, false, noBody, (*call).deleteSetting},
	}
}
