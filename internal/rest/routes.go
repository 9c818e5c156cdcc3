package rest

import (
	"net/http"

	"github.com/pandac/pandac/internal/auth/policy"
)

// Route is one operation of the shim: where it answers, who may call it,
// what it answers on success, and its handler. The router and the OpenAPI
// document are both built from Routes.
type Route struct {
	Method      string
	Path        string // full path under Prefix, as documented
	OperationID string
	// Op names the permission table entry (policy.Operations) the route
	// obeys: its GraphQL twin where there is one, else a "v1." entry.
	Op      string
	Status  int
	Handler func(*call) (any, error)
}

// Rule is the route's entry in the permission table.
func (rt Route) Rule() policy.Rule { return policy.Operation(rt.Op) }

const (
	ok      = http.StatusOK
	created = http.StatusCreated
	noBody  = http.StatusNoContent
)

// Routes is the table of every /v1 operation.
func Routes() []Route {
	return []Route{
		// Authentication.
		{"POST", "/v1/auth/login", "login_v1_auth_login_post", "Mutation.login", ok, (*call).login},
		{"POST", "/v1/auth/register", "register_v1_auth_register_post", "Mutation.register", created, (*call).register},
		{"POST", "/v1/auth/logout", "logout_v1_auth_logout_post", "Mutation.logout", ok, (*call).logout},
		{"POST", "/v1/auth/refresh", "refresh_token_v1_auth_refresh_post", "Mutation.refreshToken", ok, (*call).refresh},

		// Users and roles.
		{"GET", "/v1/users/", "list_users_v1_users__get", "Query.users", ok, (*call).listUsers},
		{"POST", "/v1/users/", "create_user_v1_users__post", "Mutation.createUser", ok, (*call).createUser},
		{"GET", "/v1/users/{user_id}", "get_user_v1_users__user_id__get", "Query.users", ok, (*call).getUser},
		{"PUT", "/v1/users/{user_id}", "update_user_v1_users__user_id__put", "Mutation.updateUser", ok, (*call).updateUser},
		{"DELETE", "/v1/users/{user_id}", "delete_user_v1_users__user_id__delete", "Mutation.deleteUser", noBody, (*call).deleteUser},
		{"GET", "/v1/roles/", "read_roles_v1_roles__get", "Query.roles", ok, (*call).listRoles},
		{"POST", "/v1/roles/", "create_role_v1_roles__post", "Mutation.createRole", created, (*call).createRole},
		{"GET", "/v1/roles/{role_id}", "read_role_v1_roles__role_id__get", "Query.roles", ok, (*call).getRole},
		{"PUT", "/v1/roles/{role_id}", "update_role_v1_roles__role_id__put", "Mutation.updateRole", ok, (*call).updateRole},
		{"DELETE", "/v1/roles/{role_id}", "delete_role_v1_roles__role_id__delete", "Mutation.deleteRole", noBody, (*call).deleteRole},

		// Products.
		{"GET", "/v1/products/", "read_products_v1_products__get", "Query.products", ok, (*call).listProducts},
		{"POST", "/v1/products/", "create_product_v1_products__post", "Mutation.createProduct", created, (*call).createProduct},
		{"PUT", "/v1/products/{product_id}", "update_product_v1_products__product_id__put", "Mutation.updateProduct", ok, (*call).updateProduct},
		{"GET", "/v1/products/{product_id}", "read_product_v1_products__product_id__get", "Query.products", ok, (*call).getProduct},
		{"DELETE", "/v1/products/{product_id}", "delete_product_v1_products__product_id__delete", "Mutation.deleteProduct", ok, (*call).deleteProduct},

		// Customers.
		{"GET", "/v1/customers/", "read_customers_v1_customers__get", "Query.customers", ok, (*call).listCustomers},
		{"POST", "/v1/customers/", "create_customer_v1_customers__post", "Mutation.createCustomer", created, (*call).createCustomer},
		{"PUT", "/v1/customers/{customer_id}", "update_customer_v1_customers__customer_id__put", "Mutation.updateCustomer", ok, (*call).updateCustomer},
		{"GET", "/v1/customers/{customer_id}", "read_customer_v1_customers__customer_id__get", "Query.customers", ok, (*call).getCustomer},
		{"DELETE", "/v1/customers/{customer_id}", "delete_customer_v1_customers__customer_id__delete", "Mutation.deleteCustomer", ok, (*call).deleteCustomer},

		// Sales.
		{"GET", "/v1/sales/", "read_sales_v1_sales__get", "Query.sales", ok, (*call).listSales},
		{"POST", "/v1/sales/", "create_sale_v1_sales__post", "Mutation.createSale", ok, (*call).createSale},
		{"GET", "/v1/sales/{sale_id}", "read_sale_v1_sales__sale_id__get", "Query.sales", ok, (*call).getSale},
		{"PUT", "/v1/sales/{sale_id}", "update_sale_v1_sales__sale_id__put", "v1.updateSale", ok, (*call).updateSale},
		{"DELETE", "/v1/sales/{sale_id}", "delete_sale_v1_sales__sale_id__delete", "Mutation.voidSale", noBody, (*call).voidSale},
		{"GET", "/v1/sales/analytics/revenue", "get_revenue_analytics_v1_sales_analytics_revenue_get", "Query.salesReport", ok, (*call).revenueAnalytics},
		{"GET", "/v1/sales/analytics/top-products", "get_top_products_analytics_v1_sales_analytics_top_products_get", "Query.topProducts", ok, (*call).topProducts},
		{"GET", "/v1/sales/daily-summary/{date}", "get_daily_sales_summary_v1_sales_daily_summary__date__get", "Query.dailySalesSummary", ok, (*call).dailySummaryPath},
		{"POST", "/v1/sales/{sale_id}/items", "add_sale_item_v1_sales__sale_id__items_post", "Mutation.addSaleItem", ok, (*call).addSaleItem},
		{"GET", "/v1/sales/{sale_id}/items", "get_sale_items_v1_sales__sale_id__items_get", "Query.sales", ok, (*call).listSaleItems},
		{"POST", "/v1/sales/{sale_id}/payments", "add_payment_v1_sales__sale_id__payments_post", "Mutation.addPayment", ok, (*call).addSalePayment},
		{"GET", "/v1/sales/{sale_id}/payments", "get_sale_payments_v1_sales__sale_id__payments_get", "Query.payments", ok, (*call).listSalePayments},
		// Not in the reference API: the printable receipt, as text/plain.
		{"GET", "/v1/sales/{sale_id}/receipt", "get_sale_receipt_v1_sales__sale_id__receipt_get", "Query.sales", ok, (*call).receipt},

		// Legacy transactions and payments: the core's Transaction and Payment records.
		{"GET", "/v1/transactions/", "read_transactions_v1_transactions__get", "v1.readTransactions", ok, (*call).listTransactions},
		{"POST", "/v1/transactions/", "create_transaction_v1_transactions__post", "v1.writeTransactions", created, (*call).createTransaction},
		{"GET", "/v1/transactions/{transaction_id}", "read_transaction_v1_transactions__transaction_id__get", "v1.readTransactions", ok, (*call).getTransaction},
		{"PUT", "/v1/transactions/{transaction_id}", "update_transaction_v1_transactions__transaction_id__put", "v1.writeTransactions", ok, (*call).updateTransaction},
		{"DELETE", "/v1/transactions/{transaction_id}", "delete_transaction_v1_transactions__transaction_id__delete", "v1.writeTransactions", noBody, (*call).deleteTransaction},
		{"GET", "/v1/transactions/{transaction_id}/employee", "get_transaction_employee_v1_transactions__transaction_id__employee_get", "Query.employees", ok, (*call).transactionEmployee},
		{"GET", "/v1/transactions/{transaction_id}/sale", "get_transaction_sale_v1_transactions__transaction_id__sale_get", "Query.sales", ok, (*call).transactionSale},
		{"GET", "/v1/transactions/{transaction_id}/payment", "get_transaction_payment_v1_transactions__transaction_id__payment_get", "Query.payments", ok, (*call).transactionPayment},
		{"GET", "/v1/payments/", "read_payments_v1_payments__get", "Query.payments", ok, (*call).listPayments},
		{"POST", "/v1/payments/", "create_payment_v1_payments__post", "v1.writePayments", created, (*call).createPayment},
		{"GET", "/v1/payments/{payment_id}", "read_payment_v1_payments__payment_id__get", "Query.payments", ok, (*call).getPayment},
		{"PUT", "/v1/payments/{payment_id}", "update_payment_v1_payments__payment_id__put", "v1.writePayments", ok, (*call).updatePayment},
		{"DELETE", "/v1/payments/{payment_id}", "delete_payment_v1_payments__payment_id__delete", "v1.writePayments", noBody, (*call).deletePayment},

		// Employees.
		{"GET", "/v1/employees/", "read_employees_v1_employees__get", "Query.employees", ok, (*call).listEmployees},
		{"POST", "/v1/employees/", "create_employee_v1_employees__post", "Mutation.createEmployee", created, (*call).createEmployee},
		{"GET", "/v1/employees/{employee_id}", "read_employee_v1_employees__employee_id__get", "Query.employees", ok, (*call).getEmployee},
		{"PUT", "/v1/employees/{employee_id}", "update_employee_v1_employees__employee_id__put", "Mutation.updateEmployee", ok, (*call).updateEmployee},
		{"DELETE", "/v1/employees/{employee_id}", "delete_employee_v1_employees__employee_id__delete", "Mutation.deleteEmployee", noBody, (*call).deleteEmployee},
		{"GET", "/v1/employees/{employee_id}/transactions", "get_employee_transactions_v1_employees__employee_id__transactions_get", "Query.employees", ok, (*call).employeeTransactions},

		// Inventory.
		{"GET", "/v1/inventory/stock-levels/", "get_stock_levels_v1_inventory_stock_levels__get", "Query.products", ok, (*call).stockLevels},
		{"GET", "/v1/inventory/suppliers/", "read_suppliers_v1_inventory_suppliers__get", "Query.suppliers", ok, (*call).listSuppliers},
		{"POST", "/v1/inventory/suppliers/", "create_supplier_v1_inventory_suppliers__post", "Mutation.createSupplier", created, (*call).createSupplier},
		{"GET", "/v1/inventory/suppliers/search", "search_suppliers_v1_inventory_suppliers_search_get", "Query.suppliers", ok, (*call).searchSuppliers},
		{"GET", "/v1/inventory/suppliers/{supplier_id}", "read_supplier_v1_inventory_suppliers__supplier_id__get", "Query.suppliers", ok, (*call).getSupplier},
		{"PUT", "/v1/inventory/suppliers/{supplier_id}", "update_supplier_v1_inventory_suppliers__supplier_id__put", "Mutation.updateSupplier", ok, (*call).updateSupplier},
		{"DELETE", "/v1/inventory/suppliers/{supplier_id}", "delete_supplier_v1_inventory_suppliers__supplier_id__delete", "Mutation.deleteSupplier", ok, (*call).deleteSupplierWithBody},
		{"GET", "/v1/inventory/purchase-orders/", "read_purchase_orders_v1_inventory_purchase_orders__get", "Query.purchaseOrders", ok, (*call).listPurchaseOrders},
		{"POST", "/v1/inventory/purchase-orders/", "create_purchase_order_v1_inventory_purchase_orders__post", "Mutation.createPurchaseOrder", created, (*call).createPurchaseOrder},
		{"GET", "/v1/inventory/purchase-orders/pending", "get_pending_orders_v1_inventory_purchase_orders_pending_get", "Query.purchaseOrders", ok, (*call).pendingPurchaseOrders},
		{"GET", "/v1/inventory/purchase-orders/{order_id}", "read_purchase_order_v1_inventory_purchase_orders__order_id__get", "Query.purchaseOrders", ok, (*call).getPurchaseOrderByOrderID},
		{"PUT", "/v1/inventory/purchase-orders/{order_id}", "update_purchase_order_v1_inventory_purchase_orders__order_id__put", "Mutation.updatePurchaseOrder", ok, (*call).updatePurchaseOrderByOrderID},
		{"DELETE", "/v1/inventory/purchase-orders/{order_id}", "delete_purchase_order_v1_inventory_purchase_orders__order_id__delete", "Mutation.deletePurchaseOrder", ok, (*call).deletePurchaseOrderWithBody},
		{"PATCH", "/v1/inventory/purchase-orders/{order_id}/status", "update_order_status_v1_inventory_purchase_orders__order_id__status_patch", "Mutation.updatePurchaseOrderStatus", ok, (*call).patchPurchaseOrderStatus},
		{"POST", "/v1/inventory/restock/{product_id}", "restock_product_v1_inventory_restock__product_id__post", "Mutation.restockProduct", ok, (*call).restock},
		{"POST", "/v1/inventory/stock-adjustment/{product_id}", "adjust_stock_v1_inventory_stock_adjustment__product_id__post", "Mutation.adjustStock", ok, (*call).adjustStock},

		// Suppliers and purchase orders at their own paths.
		{"GET", "/v1/suppliers/", "read_suppliers_v1_suppliers__get", "Query.suppliers", ok, (*call).listSuppliers},
		{"POST", "/v1/suppliers/", "create_supplier_v1_suppliers__post", "Mutation.createSupplier", created, (*call).createSupplier},
		{"GET", "/v1/suppliers/{supplier_id}", "read_supplier_v1_suppliers__supplier_id__get", "Query.suppliers", ok, (*call).getSupplier},
		{"PUT", "/v1/suppliers/{supplier_id}", "update_supplier_v1_suppliers__supplier_id__put", "Mutation.updateSupplier", ok, (*call).updateSupplier},
		{"DELETE", "/v1/suppliers/{supplier_id}", "delete_supplier_v1_suppliers__supplier_id__delete", "Mutation.deleteSupplier", noBody, (*call).deleteSupplier},
		{"GET", "/v1/purchase-orders/", "read_purchase_orders_v1_purchase_orders__get", "Query.purchaseOrders", ok, (*call).listPurchaseOrders},
		{"POST", "/v1/purchase-orders/", "create_purchase_order_v1_purchase_orders__post", "Mutation.createPurchaseOrder", created, (*call).createPurchaseOrder},
		{"GET", "/v1/purchase-orders/{purchase_order_id}", "read_purchase_order_v1_purchase_orders__purchase_order_id__get", "Query.purchaseOrders", ok, (*call).getPurchaseOrder},
		{"PUT", "/v1/purchase-orders/{purchase_order_id}", "update_purchase_order_v1_purchase_orders__purchase_order_id__put", "Mutation.updatePurchaseOrder", ok, (*call).updatePurchaseOrder},
		{"DELETE", "/v1/purchase-orders/{purchase_order_id}", "delete_purchase_order_v1_purchase_orders__purchase_order_id__delete", "Mutation.deletePurchaseOrder", noBody, (*call).deletePurchaseOrder},

		// Discounts and loyalty programs.
		{"GET", "/v1/discounts/", "read_discounts_v1_discounts__get", "Query.discounts", ok, (*call).listDiscounts},
		{"POST", "/v1/discounts/", "create_discount_v1_discounts__post", "Mutation.createDiscount", created, (*call).createDiscount},
		{"GET", "/v1/discounts/{discount_id}", "read_discount_v1_discounts__discount_id__get", "Query.discounts", ok, (*call).getDiscount},
		{"PUT", "/v1/discounts/{discount_id}", "update_discount_v1_discounts__discount_id__put", "Mutation.updateDiscount", ok, (*call).updateDiscount},
		{"DELETE", "/v1/discounts/{discount_id}", "delete_discount_v1_discounts__discount_id__delete", "Mutation.deleteDiscount", noBody, (*call).deleteDiscount},
		{"GET", "/v1/loyalty-programs/", "read_loyalty_programs_v1_loyalty_programs__get", "Query.loyaltyPrograms", ok, (*call).listLoyalty},
		{"POST", "/v1/loyalty-programs/", "create_loyalty_program_v1_loyalty_programs__post", "Mutation.createLoyaltyProgram", created, (*call).createLoyalty},
		{"GET", "/v1/loyalty-programs/{program_id}", "read_loyalty_program_v1_loyalty_programs__program_id__get", "Query.loyaltyPrograms", ok, (*call).getLoyalty},
		{"PUT", "/v1/loyalty-programs/{program_id}", "update_loyalty_program_v1_loyalty_programs__program_id__put", "Mutation.updateLoyaltyProgram", ok, (*call).updateLoyalty},
		{"DELETE", "/v1/loyalty-programs/{program_id}", "delete_loyalty_program_v1_loyalty_programs__program_id__delete", "Mutation.deleteLoyaltyProgram", noBody, (*call).deleteLoyalty},

		// Reports.
		{"GET", "/v1/reports/sales", "get_sales_report_v1_reports_sales_get", "Query.salesReport", ok, (*call).salesReport},
		{"GET", "/v1/reports/sales/daily", "get_daily_sales_report_v1_reports_sales_daily_get", "Query.dailySalesSummary", ok, (*call).dailySummaryQuery},
		{"GET", "/v1/reports/sales/period", "get_period_sales_report_v1_reports_sales_period_get", "Query.salesReport", ok, (*call).periodReport},
		{"GET", "/v1/reports/inventory/stock-levels", "get_inventory_stock_report_v1_reports_inventory_stock_levels_get", "Query.inventoryReport", ok, (*call).inventoryReport},
		{"GET", "/v1/reports/customers/loyalty", "get_customer_loyalty_report_v1_reports_customers_loyalty_get", "Query.loyaltyReport", ok, (*call).loyaltyReport},
		// Not in the reference API: salesAnalytics for spreadsheets (analytics.go).
		{"GET", "/v1/analytics", "get_sales_analytics_v1_analytics_get", "Query.salesAnalytics", ok, (*call).analytics},
		{"POST", "/v1/analytics", "post_sales_analytics_v1_analytics_post", "Query.salesAnalytics", ok, (*call).analytics},
		{"GET", "/v1/reports/financial/profit-loss", "get_profit_loss_report_v1_reports_financial_profit_loss_get", "Query.profitAndLoss", ok, (*call).profitLoss},

		// Notifications and settings.
		{"GET", "/v1/notifications/", "read_notifications_v1_notifications__get", "Query.notifications", ok, (*call).listNotifications},
		{"POST", "/v1/notifications/", "create_notification_v1_notifications__post", "v1.createNotification", created, (*call).createNotification},
		{"GET", "/v1/settings/", "read_settings_v1_settings__get", "Query.settings", ok, (*call).listSettings},
		{"POST", "/v1/settings/", "create_setting_v1_settings__post", "Mutation.createSetting", created, (*call).createSetting},
		{"GET", "/v1/settings/{setting_id}", "read_setting_v1_settings__setting_id__get", "Query.settings", ok, (*call).getSetting},
		{"PUT", "/v1/settings/{setting_id}", "update_setting_v1_settings__setting_id__put", "Mutation.updateSetting", ok, (*call).updateSetting},
		{"DELETE", "/v1/settings/{setting_id}", "delete_setting_v1_settings__setting_id__delete", "Mutation.deleteSetting", noBody, (*call).deleteSetting},
	}
}
